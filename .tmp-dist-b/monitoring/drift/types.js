export const STAT_TEST_NAMES = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'domain_classifier', 'mmd'];
//# sourceMappingURL=types.js.map