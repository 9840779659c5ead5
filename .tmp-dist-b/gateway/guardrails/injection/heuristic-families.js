/**
 * The phrase families behind `heuristics.ts`: vocabulary, and patterns with the words each starts with. Every pattern is linear
 * (SEC-DOS-7): literal alternations joined by bounded gaps (`[^.!?\n]{0,40}?`), no nested quantifiers (star
 * height 1, checked with safe-regex2 in the tests). Patterns are written in lower case and run on the lower-cased,
 * normalised text.
 */
/** Up to 40 characters of the same clause between two parts of a phrase. */
const gap = '[^.!?\\n]{0,40}?';
const shortGap = '[^.!?\\n]{0,20}?';
const overrideVerbs = 'ignore|ignoring|disregard|forget|overlook|override|bypass|skip|neglect|abandon|discard|dismiss|set aside|throw out|' +
    'ignoriere|ignorieren|vergiss|vergessen|ignorez|ignorer|oublie|oubliez|' +
    'ignora|ignorar|ignorare|olvida|olvidar|esquece|esqueça|dimentica';
const instructionNouns = 'instructions?|directions?|directives?|rules?|prompts?|prompting|guidelines?|commands?|orders|context|messages?|' +
    'constraints?|programming|training|polic(?:y|ies)|restrictions?|limitations?|filters?|guardrails?|safeguards?|' +
    'ethics|morals?|principles|conditioning|settings|configuration|anweisungen|instruktionen|befehle|regeln|vorgaben|' +
    'consignes|règles|instrucciones|reglas|istruzioni|regole|instruções|regras';
const priorWords = 'previous|prior|above|earlier|preceding|initial|original|former|old|existing|system|all|any|every|your';
const leakVerbs = 'reveal|show|print|repeat|output|display|tell|give|list|share|dump|disclose|expose|leak|recite|write out|copy|' +
    'relay|return|spell[ -]?check|translate|encode|summari[sz]e|paraphrase|provide|read back|echo|respond with';
const leakObjects = 'prompt|pre-?prompt|instructions?|system message|rules|guidelines|directives?|configuration|initiali[sz]ation|' +
    'parameters|settings|context window|hidden text|secret|password';
const unrestrictedWords = 'unfiltered|uncensored|unrestricted|amoral|immoral|unethical|evil|rogue|jailbroken|unbound|unlimited|limitless|' +
    'unchained|lawless|no[ -]limits|without limits|free of (?:all )?restrictions|nsfw';
const closedCompounds = ['system', 'initial', 'original', 'hidden', 'secret', 'developer', 'pre']
    .flatMap((first) => ['prompt', 'message', 'instructions'].map((second) => first + second))
    .join(' ');
/** A lower-case pattern (no `i` flag: V8 runs case-insensitive patterns several times slower). */
function rule(leads, source, flags = '') {
    return { pattern: new RegExp(source, `y${flags}`), leads: leads.split(' '), cased: false };
}
function always(source, flags = '') {
    return { pattern: new RegExp(source, `g${flags}`), leads: undefined, cased: false };
}
function casedRule(leads, pattern) {
    return { pattern, leads: leads.split(' '), cased: true };
}
export const heuristicFamilies = [
    {
        type: 'override_instructions',
        detail: 'asks to ignore or replace earlier instructions',
        rules: [
            rule('ignore ignoring disregard forget overlook override bypass skip neglect abandon discard dismiss set throw ignoriere ignorieren vergiss vergessen ignorez ignorer oublie oubliez ignora ignorar ignorare olvida olvidar esquece esqueça dimentica', `\\b(?:${overrideVerbs})\\b${gap}\\b(?:${instructionNouns})\\b`),
            rule('ignore ignoring disregard forget overlook override bypass skip neglect abandon discard dismiss set throw ignoriere ignorieren vergiss vergessen ignorez ignorer oublie oubliez ignora ignorar ignorare olvida olvidar esquece esqueça dimentica', `\\b(?:${overrideVerbs})\\b${shortGap}\\b(?:everything|anything|all of (?:it|that|this)|what you (?:were|have been) told)\\b`),
            rule('ignore ignoring disregard forget overlook override bypass skip neglect abandon discard dismiss set throw ignoriere ignorieren vergiss vergessen ignorez ignorer oublie oubliez ignora ignorar ignorare olvida olvidar esquece esqueça dimentica', `\\b(?:${overrideVerbs})\\b${shortGap}\\b(?:${priorWords})\\b`),
            rule('do don never stop no refuse', `\\b(?:do not|don't|never|stop|no longer|refuse to) (?:follow(?:ing)?|obey|adhere to|comply with|abide by|respect)\\b${gap}\\b(?:${instructionNouns})\\b`),
            rule('instruction instructions rules guidelines prompt', `\\b(?:instructions?|rules|guidelines|prompt) (?:above|before|so far) (?:are|is|were|was) (?:false|void|invalid|cancel+ed|obsolete|outdated|wrong|fake)\\b`),
            rule('instruction instructions direction directions directive directives rule rules prompt prompts prompting guideline guidelines command commands orders context message messages constraint constraints programming training policy policies restriction restrictions limitation limitations filter filters guardrail guardrails safeguard safeguards ethics moral morals principles conditioning settings configuration anweisungen instruktionen befehle regeln vorgaben consignes règles instrucciones reglas istruzioni regole instruções regras', `\\b(?:${instructionNouns}) (?:are|is) (?:now )?(?:false|void|invalid|cancel+ed|obsolete|revoked|suspended|lifted|disabled|no longer valid)\\b`),
        ],
    },
    {
        type: 'new_instructions',
        detail: 'announces new or replacement instructions',
        rules: [
            rule('new updated revised real true actual secret hidden additional important urgent override priority', `\\b(?:new|updated|revised|real|true|actual|secret|hidden|additional|important|urgent|override|priority) (?:instructions?|directives?|rules|task|objective|orders|system prompt|commands?)\\b`),
            rule('from starting for henceforth hereafter', `\\b(?:from now on|from this (?:moment|point) on|from this (?:moment|point) onwards?|starting (?:now|today|immediately)|for the rest of (?:this|the) (?:conversation|chat|session)|henceforth|hereafter)\\b`),
            rule('new real true only actual primary', `\\b(?:new|real|true|only|actual|primary) (?:task|job|goal|purpose|role|mission|objective|instructions?) (?:is|are|will be)\\b`),
            rule('instead rather', `\\b(?:instead|rather)[,]? (?:you (?:will|must|should)|just|only) (?:say|print|output|write|respond|reply|answer)\\b`),
            rule('just', `\\bjust (?:say|print|output|write)\\b`),
        ],
    },
    {
        type: 'prompt_leak',
        detail: 'asks for the system prompt or hidden instructions',
        rules: [
            rule('reveal show print repeat output display tell give list share dump disclose expose leak recite write copy relay return spell spellcheck translate encode summarize summarise paraphrase provide read echo respond', `\\b(?:${leakVerbs})\\b${gap}\\b(?:system|initial|original|hidden|secret|internal|previous|above|first|preceding|full|exact|entire|developer|your|starting|beginning)\\b${shortGap}\\b(?:${leakObjects})\\b`),
            rule('what which', `\\b(?:what|which) (?:are|were|is|was) (?:your|the) (?:initial |original |system |first |exact |secret |hidden |full |previous )?(?:instructions?|prompt|rules|directives?|guidelines|system message)\\b`),
            rule(`${closedCompounds} system initial original hidden secret developer pre`, `\\b(?:system|initial|original|hidden|secret|developer|pre)[ -]?(?:prompt|message|instructions)\\b`),
            rule('beginning start', `\\b(?:beginning|start) of (?:this|the|our) (?:conversation|chat|session|prompt)\\b`),
        ],
    },
    {
        type: 'persona_jailbreak',
        detail: 'role-play persona that drops the rules (DAN style)',
        rules: [
            // DAN is matched case-sensitively: "Dan" is a name.
            casedRule('dan', /\bDAN\b/y),
            rule('do developer dev god maximum unlocked jailbreak jailbreaken jailbreaking jailbreaks jailbrok jailbroken jailbroking jailbroks anti antigpt better betterdan evil', `\\b(?:do anything now|developer mode|dev mode|god mode|jailbr(?:ea|o)k(?:en|ing|s)?|anti-?gpt|better-?dan|evil (?:confidant|bot|ai|assistant)|maximum mode|unlocked mode)\\b`),
            rule('unfiltered uncensored unrestricted amoral immoral unethical evil rogue jailbroken unbound unlimited limitless unchained lawless no without free nsfw', `\\b(?:${unrestrictedWords})\\b${shortGap}\\b(?:ai|model|chatbot|bot|assistant|version|mode|response|responses|answers?|persona|character|entity|gpt|llm)\\b`),
            rule('act acting behave respond answer pretend roleplay role simulate impersonate become you', `\\b(?:act|acting|behave|respond|answer|pretend|roleplay|role-play|role play|simulate|impersonate|become|you are|you're)\\b${gap}\\b(?:${unrestrictedWords})\\b`),
            rule('stay remain staying break breaking', `\\b(?:stay|remain|staying) in character\\b|\\bbreak(?:ing)? character\\b`),
            rule('two 2 respond', `\\b(?:two|2) (?:different|separate|distinct) (?:ways|responses|answers|personalities)\\b|\\brespond (?:to (?:me|every prompt) )?in two\\b`),
            rule('freed free broken liberated released', `\\b(?:freed|free|broken free|liberated|released) (?:from|of) (?:the )?(?:typical |usual )?(?:confines|restrictions|rules|limitations|shackles|chains)\\b`),
        ],
    },
    {
        type: 'role_assignment',
        detail: 'assigns the model a new identity or role',
        rules: [
            rule('you', `\\byou are (?:now|no longer|going to (?:be|act|pretend|play)|about to)\\b`),
            rule('pretend imagine', `\\b(?:pretend|imagine) (?:to be|you are|that you are|you're)\\b`),
            rule('act acting behave respond answer speak reply', `\\b(?:act|acting|behave|respond|answer|speak|reply) (?:as|like) (?:a|an|the|my|if)\\b`),
            rule('play take assume adopt immerse', `\\b(?:play|take on|assume|adopt|immerse yourself (?:into|in)) (?:the )?(?:role|persona|character|identity|personality) of\\b`),
            rule('your you call', `\\b(?:your name is|you will be called|you are called|call yourself)\\b`),
        ],
    },
    {
        type: 'restriction_removal',
        detail: 'asks to drop safety rules, filters or refusals',
        rules: [
            rule('no without zero free not unbound exempt outside', `\\b(?:no|without|zero|free of|free from|not bound by|not restricted by|not limited by|unbound by|exempt from|outside)\\b${shortGap}\\b(?:restrictions?|limitations?|limits|filters?|filtering|censorship|rules|ethics|ethical|morals?|moral|guidelines|policies|polic(?:y|ies)|boundaries|safeguards|warnings|disclaimers)\\b`),
            rule('never do don must will won cannot can shall', `\\b(?:never|do not|don't|must not|will not|won't|cannot|can't|shall not)\\b${shortGap}\\b(?:refuse|decline|deny|reject|apologi[sz]e|warn|censor|say (?:that )?(?:you|it) (?:can't|cannot|are unable)|add (?:any )?(?:warnings?|disclaimers?|notes?))\\b`),
            rule('openai anthropic content usage safety', `\\b(?:openai|anthropic|content|usage|safety)(?:'s)? (?:content )?(?:polic(?:y|ies)|guidelines|rules|filters?)\\b`),
            rule('safe safety content filter filters safeguard safeguards guardrail guardrails restriction restrictions moderation', `\\b(?:safe(?:ty)? mode|content filter(?:ing)?|filters?|safeguards?|guardrails?|restrictions?|moderation) (?:is |are )?(?:off|disabled|deactivated|removed|lifted|bypassed)\\b`),
            rule('disable turn deactivate remove lift bypass evade circumvent get', `\\b(?:disable|turn off|deactivate|remove|lift|bypass|evade|circumvent|get around) (?:your |the |all |any )?(?:safety|content|ethical|moral)? ?(?:filters?|filtering|restrictions?|guardrails?|safeguards?|safety|moderation|censorship|polic(?:y|ies) enforcement)\\b`),
        ],
    },
    {
        type: 'chat_template_token',
        detail: 'chat-template control token or fake turn marker',
        rules: [
            always(`<\\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|end|start)\\|>`),
            always(`\\[/?inst\\]|<</?sys>>|<\\|?/?s\\|?>(?=\\s*\\[inst)|\\[/?system\\]|<start_of_turn>|<end_of_turn>`),
        ],
    },
    {
        type: 'role_marker',
        detail: 'fake system or role header inside the text',
        rules: [
            always(`^[ \\t]{0,3}#{1,4}[ \\t]{0,3}(?:system|instructions?|response|human|assistant|user|input|new instructions?|begin new instructions?|admin|developer)\\b`, 'm'),
            always(`^[ \\t]{0,3}(?:system|assistant|ai|human|user|admin|developer)[ \\t]{0,2}:`, 'm'),
            always(`\\[(?:system|admin|administrator|developer|assistant)(?: note| message| prompt| override| instruction)?s?\\s{0,2}[:\\]]`, 'm'),
            always(`<\\/?(?:system|instructions?|sys|admin|developer|system_prompt|user_input)>`, 'm'),
            rule('system admin developer', `\\b(?:system|admin|developer) (?:note|override|update|upgrade|alert|notice|message|instruction)\\s{0,2}:`, 'm'),
        ],
    },
    {
        type: 'context_boundary',
        detail: 'fake end of the prompt or start of a new one (delimiter attack)',
        rules: [
            rule('end close stop terminate termination', `\\b(?:end|close|stop|terminat(?:e|ion)) (?:of )?(?:the )?(?:user |system |previous |out of date )?(?:prompt|instructions?|input|document|text|conversation|context|message|session|data)\\b`),
            rule('begin beginning start starting', `\\b(?:begin(?:ning)?|start(?:ing)?) (?:of )?(?:the )?(?:new|updated|real|next) (?:instructions?|prompt|session|conversation|task)\\b`),
            rule('begin start', `\\b(?:begin|start) (?:reprogramming|new session|override|instructions)\\b`),
            always(`(?:^|\\n)[ \\t]{0,3}(?:[-=#*_~%]{5,}|\`{3,})[ \\t]{0,3}(?:end|begin|new|system|instructions?|stop)\\b`),
            // Bounded runs: `={3,}` would retry the whole run from every `=` of a long one (quadratic).
            always(`(?:={3,8}|-{3,8}|#{3,8}|%{3,8}|\\*{3,8})[ \\t]{0,3}(?:end|begin|new|system|instructions?|stop|ignore)\\b`),
        ],
    },
    {
        type: 'authority_claim',
        detail: 'claims developer, admin or vendor authority',
        rules: [
            rule('i this we message speaking', `\\b(?:i am|i'm|this is|we are|message from|speaking as) (?:your|the|an?|from) ?(?:developer|developers|creator|creators|administrator|admin|owner|programmer|maker|operator|openai|anthropic|system administrator|security team|engineer)\\b`),
            rule('admin administrator sudo root debug maintenance developer dev god unrestricted test', `\\b(?:admin|administrator|sudo|root|debug|maintenance|developer|dev|god|unrestricted|test) (?:mode|access|privileges?|override|command)\\b`),
            rule('authorized authorised verified approved', `\\b(?:authori[sz]ed|verified|approved) (?:by (?:openai|anthropic|the developers?|the administrator)|user|personnel|request|access)\\b`),
            rule('security system access', `\\b(?:security audit|system (?:upgrade|update|override|maintenance)|access granted)\\b`),
        ],
    },
    {
        type: 'response_manipulation',
        detail: 'instructs how the answer must look (typical of indirect injection)',
        rules: [
            rule('in to into within throughout', `\\b(?:in|to|into|within|throughout) (?:your|the) (?:response|reply|answer|output|message|summary|next response)\\b`),
            rule('start begin end prefix preface conclude finish', `\\b(?:start|begin|end|prefix|preface|conclude|finish) (?:each |every |all |your )?(?:response|reply|answer|output|message)s? (?:with|by)\\b`),
            rule('response reply answer output message', `\\b(?:response|reply|answer|output|message)(?:'s)? (?:must|should|will|shall|has to) (?:be|start|begin|include|contain|only)\\b`),
            rule('encode encrypt translate reverse render write express provide display deliver present', `\\b(?:encode|encrypt|translate|reverse|render|write|express|provide|display|deliver|present) (?:your |the |this )?(?:response|reply|answer|message|output)\\b`),
            rule('reply respond answer', `\\b(?:reply|respond|answer)(?: only)? (?:in|using|with) (?:base ?\\d\\d|hex|rot13|reverse|emojis?|a cipher|caesar|binary|morse)\\b`),
        ],
    },
    {
        type: 'exfiltration',
        detail: 'asks to send data, history or credentials somewhere',
        rules: [
            rule('send forward email e post upload exfiltrate transfer leak share copy', `\\b(?:send|forward|email|e-mail|post|upload|exfiltrate|transfer|leak|share|copy)\\b${gap}\\b(?:conversation|chat|history|inbox|emails|passwords?|credentials|api keys?|tokens?|secrets?|personal data|user data|database|files)\\b${gap}(?:\\bto\\b|@|https?:)`),
            always(`!\\[[^\\]\\n]{0,40}\\]\\(https?://[^)\\s]{1,200}[?&][^)\\s]{0,200}=`),
        ],
    },
    {
        type: 'third_party_address',
        detail: 'text addressed to the AI model reading it',
        rules: [
            rule('note message instruction instructions attention important', `\\b(?:note|message|instructions?|attention|important) (?:to|for) (?:the )?(?:ai|assistant|chatbot|model|llm|language model|bot|gpt)\\b`),
            rule('dear hey hi attention hello', `\\b(?:dear|hey|hi|attention|hello)[, ]{1,2}(?:ai|assistant|chatbot|language model|llm|gpt|chatgpt|claude|bot)\\b`),
            rule('if as', `\\b(?:if you are|as) an? (?:ai|llm|language model|assistant|chatbot)(?: reading| processing| summari[sz]ing)\\b`),
            rule('when if', `\\b(?:when|if) (?:summari[sz]ing|reading|processing|asked about) (?:this|the) (?:page|document|email|text|content|website)\\b`),
        ],
    },
    {
        type: 'hypothetical_framing',
        detail: 'fictional or game framing used to sidestep rules',
        rules: [
            rule('let lets we', `\\b(?:let's|lets|let us|we will|we're going to) (?:play|pretend|imagine|role-?play)\\b`),
            rule('hypothetical hypothetically fictional imaginary alternate', `\\b(?:hypothetical(?:ly)?|fictional|imaginary|alternate) (?:world|universe|scenario|story|ai|setting|reality)\\b`),
            rule('in', `\\bin (?:a|this) (?:world|universe|reality|fictional world) where\\b`),
            rule('no without', `\\b(?:no|without) (?:consequences|repercussions)\\b`),
        ],
    },
];
//# sourceMappingURL=heuristic-families.js.map