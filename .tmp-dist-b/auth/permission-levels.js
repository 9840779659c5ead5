/** Levels per object type, lowest first: a higher level includes every lower one. */
export const permissionLevels = {
    'serving-endpoints': ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'],
    'registered-models': ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE'],
};
export const objectTypes = Object.keys(permissionLevels);
const descriptions = {
    CAN_VIEW: 'Can view the endpoint and its configuration',
    CAN_QUERY: 'Can view and query the endpoint',
    CAN_READ: 'Can read the model and its versions',
    CAN_EDIT: 'Can read and edit the model, add versions and aliases',
    CAN_MANAGE: 'Can manage the object and its permissions',
};
export function describeLevel(level) {
    return descriptions[level];
}
export function isObjectType(value) {
    return Object.hasOwn(permissionLevels, value);
}
/** Rank of the level within the type, or -1 when the level does not belong to the type. */
export function levelRank(objectType, level) {
    return permissionLevels[objectType].indexOf(level);
}
export function isLevelOf(objectType, level) {
    return levelRank(objectType, level) >= 0;
}
/** The higher of two levels (either may be absent). */
export function higherLevel(objectType, a, b) {
    if (!a)
        return b ?? null;
    if (!b)
        return a;
    return levelRank(objectType, b) > levelRank(objectType, a) ? b : a;
}
/** Whether `held` includes `required`. A held level of another type grants nothing. */
export function levelSatisfies(objectType, held, required) {
    const requiredRank = levelRank(objectType, required);
    if (requiredRank < 0)
        throw new Error(`${required} is not a permission level of ${objectType}`);
    return held !== null && levelRank(objectType, held) >= requiredRank;
}
//# sourceMappingURL=permission-levels.js.map