/*
 * Word lists for best-effort person-name detection (SEC-PII-5), written by hand. Everything is lower case; the
 * detector lower-cases tokens before looking them up.
 */
import { PhraseSet } from './phrase-set.js';
function words(...lists) {
    return new Set(lists.flatMap((list) => list.split(/\s+/)).filter((word) => word.length > 0).map((word) => word.toLowerCase()));
}
/**
 * Frequent surnames across regions. A surname alone is weaker evidence than a given name, so these count only
 * after a capitalised first token, beside a given name, or as a repeat of a name already found.
 */
export const SURNAMES = words(
// English-speaking countries
`smith johnson williams brown jones miller davis wilson anderson taylor thomas moore martin jackson thompson white
  harris clark lewis robinson walker allen wright scott hill green adams baker nelson carter mitchell roberts turner
  phillips campbell parker evans edwards collins stewart morris murphy cook rogers morgan cooper peterson reed bailey
  bell kelly howard ward cox richardson wood watson brooks bennett gray hughes price sanders myers ross foster powell
  jenkins perry russell sullivan fisher henderson coleman simmons patterson reynolds hamilton graham wallace woods
  cole owens marshall harrison gibson ellis stevens murray wells webb tucker porter hunter hicks crawford boyd mason
  warren dixon burns gordon shaw holmes rice hunt black daniels palmer mills grant knight ferguson stone hawkins dunn
  perkins hudson spencer stephens pierce doyle morrison o'brien o'connor o'neill mcdonald mckenzie macdonald mcconnell
  fletcher chapman lawrence barnes fox hale  nicholson    jennings `, 
// Spanish, Portuguese, Italian, French
`garcia garcía rodriguez rodríguez martinez martínez hernandez hernández lopez lópez gonzalez gonzález perez pérez
  sanchez sánchez ramirez ramírez torres flores rivera gomez gómez diaz díaz reyes morales ortiz gutierrez gutiérrez
  chavez chávez ramos ruiz alvarez álvarez mendoza castillo jimenez jiménez vasquez vásquez moreno herrera medina
  aguilar fernandez fernández navarro dominguez domínguez romero suarez suárez molina delgado castro ortega rubio
  serrano blanco vargas iglesias silva santos ferreira pereira oliveira rodrigues martins sousa souza fernandes
  gonçalves goncalves gomes lopes marques alves almeida ribeiro pinto carvalho teixeira moreira correia mendes nunes
  soares vieira monteiro cardoso rocha neves coelho cunha pires reis simões matos fonseca machado araújo araujo
  barbosa tavares lourenço figueiredo azevedo freitas dias rossi russo esposito bianchi romano colombo ricci marino
  greco gallo conti giordano mancini rizzo lombardi moretti barbieri fontana caruso mariani ferrara santoro rinaldi
  leone longo galli martini   bernard dubois durand leroy moreau lefebvre fournier girard mercier
  dupont lambert bonnet rousseau fontaine chevalier gauthier perrin morin clement faure blanc guerin boyer garnier
   tremblay gagnon bouchard gauthier pelletier lavoie cote`, 
// German, Dutch, Nordic, Finnish, Estonian
`müller mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf
  schröder schroeder neumann schwarz zimmermann braun krüger krueger hofmann hartmann lange schmitt werner krause
  lehmann köhler koehler bauer schubert vogel jansen janssen visser smit meijer mulder bos dekker brouwer dijkstra
  hendriks bakker vries jong groot berg dijk leeuwen jensen nielsen hansen pedersen andersen christensen larsen
  sørensen sorensen rasmussen jørgensen jorgensen petersen madsen kristensen olsen thomsen johansson andersson
  karlsson nilsson eriksson larsson olsson persson svensson gustafsson pettersson jonsson lindberg lindström
  lindstrom lindqvist lindgren bergström bergstrom lundberg holm johansen haugen bakken korhonen virtanen mäkinen
  nieminen mäkelä hämäläinen laine heikkinen koskinen järvinen lehtonen saarinen salminen heinonen niemi heikkilä
  kinnunen salonen turunen laitinen tuominen rantanen karjalainen jokinen mattila savolainen lahtinen ahonen tamm
  saar sepp mägi kask kukk rebane ilves pärn koppel holmberg     laine `, 
// Central and Eastern Europe, Greece, Turkey
`nowak kowalski kowalska wiśniewski wisniewski wójcik wojcik kowalczyk kamiński kaminski lewandowski zieliński
  zielinski szymański szymanski woźniak wozniak dąbrowski dabrowski kozłowski kozlowski jankowski mazur kwiatkowski
  krawczyk piotrowski grabowski kaczmarek novák novak svoboda novotný novotny dvořák dvorak černý cerny procházka
  prochazka kučera kucera veselý vesely horák horak němec nemec nagy kovács kovacs tóth toth szabó szabo horváth
  horvath varga kiss molnár molnar németh nemeth farkas balogh papp takács takacs juhász juhasz mészáros oláh rácz
  fekete   ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov morozov volkov
  alekseev lebedev semenov egorov pavlov kozlov stepanov nikolaev orlov andreev makarov nikitin zakharov zaitsev
  solovyov borisov yakovlev grigoriev romanov vorobiev shevchenko bondarenko kovalenko tkachenko kravchenko oliynyk
  horvat kovačević kovacevic babić babic marić maric jurić juric novaković petrović petrovic jovanović jovanovic
  nikolić nikolic marković markovic đorđević djordjevic stojanović ilić ilic papadopoulos pappas nikolaidis georgiou
  ioannou konstantinou dimitriou yılmaz yilmaz kaya demir şahin sahin çelik celik yıldız yildiz yıldırım öztürk
  ozturk aydın özdemir ozdemir arslan doğan dogan kılıç kilic aslan çetin cetin koç özkan şimşek`, 
// Asia, Middle East, Africa
`nguyen tran pham hoang huynh phan vu vo dang bui do ngo duong ly kim lee park choi jung jeong kang cho yoon jang
  lim han oh seo shin kwon hwang ahn song yoo hong jeon ko moon yang son bae baek chen wang zhang liu huang zhao wu
  zhou xu zhu hu guo lin luo zheng liang xie tang feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
  cheng wei su lu ding ren shen yao lu chan wong leung cheung ho tanaka takahashi watanabe ito yamamoto nakamura
  kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda
  hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii saito sakamoto
  endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa nakano harada ono tamura takeuchi
  kaneko wada nakayama ishida ueda morita hara shibata sakai kudo yokoyama miyazaki miyamoto uchida takagi ando
  taniguchi ohno maruyama imai takada fujimoto takeda murata ueno sugiyama masuda sugawara hirano kojima otsuka
  chiba kubo matsui iwasaki sakurai kinoshita noguchi matsuo nomura kikuchi sano onishi sugimoto arai 
     kumar singh sharma patel gupta shah mehta reddy rao iyer nair das bose khan ahmed ali hussain
  hossain rahman hassan mohamed mohammed ibrahim abdullah haddad khoury nasser mansour saleh aziz farah cohen levi
  levy mizrahi peretz biton friedman goldberg katz shapiro rosenberg okafor okonkwo adeyemi mensah owusu boateng
  dlamini nkosi ndlovu mokoena khumalo mahlangu banda phiri mwangi otieno kamau diallo traore keita coulibaly`);
/**
 * Names that are also ordinary words, places or brands ("Will", "May", "Jordan", "Mercedes"): a match needs more
 * evidence than the word itself — a surname after it, an honorific or a cue before it.
 */
export const AMBIGUOUS_NAMES = words(`will may june april august autumn summer winter spring dawn eve faith hope joy grace mercy charity patience
  prudence honor honour destiny liberty justice trinity serenity harmony melody bliss star sky sunny rain river
  ocean storm misty crystal amber ruby pearl jade ivy holly heather iris lily rose daisy violet olive hazel ginger
  cherry honey candy coco sugar bambi angel angela christian jesus king earl duke prince princess major bishop
  baron marshall sterling mark bill frank pat sue don ray rob art max guy jack jay kay lee bob chase dean hunter
  carter mason cooper parker taylor tyler miles wade lane glen dale rich penny peggy page paige sandy rusty dusty
  buck colt gene homer victor victoria jordan georgia virginia carolina florence sydney chelsea austin dallas
  houston phoenix paris london madison brooklyn savannah aurora sofia santiago salvador washington lincoln clinton
  jackson mercedes porsche ferrari jaguar harley bentley lexus tesla siri alexa cortana gemini claude apple amazon
  china india asia africa kenya chad cuba israel jade nova luna stella sol sun moon sonny sunny long son nam tam hung
  hai van thi tri sri made wan na yi yu li bo jun ken mai min ming can an al el
  jan ren rin sora yang young chang sang dong hong hao hui ping tao wei wen xin yan yin ying yong yun zhen
  pim fei ho ha do le hu ma xu wu he ko oh ahn park kang cho song moon son cha ja ok ha bae noble sage reed
  bell cook ford grant price mills wells stone rice hunt hill green black white brown gray grey west wood woods
  knight baker porter young king long rose love lovely bay dolly ivory amber abbey bonnie carol cecil chance chanel
  dior gucci prada armani disney walt toyota honda suzuki yamaha kawasaki mitsubishi nissan siemens bosch philips
  nestle heineken carlsberg ikea dyson barclays lloyds morgan stanley goldman sachs wells fargo john deere
  christmas easter`);
/** Function words, pronouns, frequent verbs and prepositions: never part of a name or a place. */
export const FUNCTION_WORDS = words(`a an the this that these those there here what when where why how who whom whose which whatever whoever yes no
  not and but or nor if then than so because since while although though unless until after before once also just
  only even still yet already again please thanks thank hello hi hey dear goodbye bye ok okay sorry welcome
  congratulations cheers regards sincerely best kind warm yours truly love i me my mine myself you your yours
  yourself he him his himself she her hers herself it its itself we us our ours they them their theirs one ones
  some any all each every both either neither none many much more most few less least other another such same own
  is are was were be been being am do does did done have has had having can could shall should will would may might
  must need ought let lets let's get got make made go went come came see saw know knew think thought say said tell
  told ask asked give gave take took want like use find found call called try work look feel seem leave put keep
  in on at by for with from to of about into onto over under above below between among through during without within
  against across along around behind beyond near off out up down upon via per vs`);
/**
 * Capitalised words that are never names here: function words, sentence starters, calendar words, roles, document
 * labels and common nouns people capitalise. A name span never starts or continues with one of these.
 */
export const CALENDAR_WORDS = words(`monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  january february march april may june july august september october november december jan feb mar apr jun jul aug
  sep sept oct nov dec`);
export const NOT_NAMES = new Set([
    ...FUNCTION_WORDS,
    ...words(`monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  january february march july september october november december feb apr jun jul aug sep sept oct nov dec
  today tomorrow yesterday tonight morning afternoon evening night week weekend month year day days time
  mr mrs ms miss mx dr prof sir madam mme mlle herr frau señor señora sr sra jr
  inc ltd llc llp plc gmbh ag sa corp corporation co company group holdings partners bank university college school
  institute foundation hospital clinic hotel restaurant cafe church museum library council committee department
  ministry agency association society club team center centre office services solutions systems technologies
  street st road rd avenue ave boulevard blvd lane ln drive dr court ct place pl square sq highway way apt suite unit
  north south east west northern southern eastern western new old great little big upper lower central saint san
  santa city town village county state states province region district kingdom republic united federal national
  international global world europe european america american africa african asia asian australia canada mexico
  england english britain british france french germany german spain spanish italy italian china chinese japan
  japanese india indian russia russian brazil portuguese dutch swedish norwegian danish finnish polish greek turkish
  arabic korean vietnamese thai hebrew latin christmas easter god lord allah buddha internet web email e-mail phone
  mobile fax desk tel address name names surname first last full id number date birth user bot assistant system
  admin customer client agent support manager director president chairman ceo cto cfo officer engineer developer
  doctor nurse teacher professor student author editor note notes warning error question answer summary example
  subject re fw fwd cc bcc attn attachment account card payment order invoice total amount price balance
  policy contract section chapter page figure table list item step part version release update chapter episode
  season series volume book movie film song album music video show news report story article post blog
  hmm wow oh ah oops yeah yep nope lol omg btw fyi asap aka eg ie etc zero one two three four five six seven eight
  nine ten hundred thousand million billion input output context instruction instructions response prompt human ai
  model title description unsubscribe privacy terms login logout signup password username profile settings home
  floor chatbot character`),
]);
/** Honorifics and titles that introduce a name ("Mr. Mayers", "Dr Chen", "Frau Weber"). */
export const HONORIFICS = words(`president senator governor mayor minister chancellor premier producer chairman chairwoman ceo founder
  congressman congresswoman ambassador commissioner secretary mr mrs ms miss mx mister missus dr doctor prof professor sir dame lady lord madam madame mme mlle monsieur herr
  frau fräulein señor senor señora senora señorita sr sra srta dom dona sig signor signora signorina dott dottore
  pan pani rev reverend fr father sister brother capt captain sgt sergeant lt lieutenant col colonel gen general
  maj major cmdr commander adm admiral hon judge justice officer detective agent coach uncle aunt auntie grandma
  grandpa`);
/** Lower-case words inside names ("Ludwig van Beethoven", "Maria dos Santos", "Omar bin Laden"). */
export const NAME_PARTICLES = words(`van von der den de del della dei di da dos das do du le la ter ten zu bin ibn al el y e`);
/** Words after a capitalised sequence that make it an organisation or a place, not a person. */
export const NON_PERSON_FOLLOWERS = words(`inc ltd llc llp pllc lp plc gmbh ag sa corp corporation co company group holdings partners bank university college school
  institute foundation hospital clinic hotel restaurant cafe church museum library council committee department
  ministry agency association society club team orchestra band records studios studio press times journal airlines
  airport station stadium arena bridge river lake mountain mountains island islands valley county city town
  investments markets transit analytics traffic reports consulting associates lines explorer data capital ventures
  labs media networks software digital energy motors logistics industries enterprises resources communications
  pharmaceuticals therapeutics insurance financial securities realty properties construction design designs
  productions entertainment brands foods health healthcare sciences research robotics dynamics electronics airways
  railways shipping trading global worldwide international online works advisors advisory systems solutions
  technologies technology services partners holdings
  street st road rd avenue ave boulevard blvd drive court ct square highway parkway terrace crescent trail circle`);
/** Words before a capitalised sequence that make it a place ("San Jose", "Port Elizabeth", "Lake Victoria"). */
export const PLACE_PREFIXES = words(`san santa santo são sao saint st ste sainte port fort mount mt lake cape villa bad ciudad porto`);
/**
 * Surname endings by language, checked on tokens outside the lexicons. STRONG endings are distinctive enough for a
 * capitalised word alone; WEAK ones only after a capitalised first token.
 */
export const STRONG_SURNAME_ENDING = /(?:ová|ovna|evna|ovich|ovitch|evich|ović|ovic|ević|evic|wicz|czyk|czak|enko|shvili|opoulos|opoulou|akis|oğlu|oglu|escu|eanu|dóttir|dottir|sdóttir|sson|nen|ski|ska|cki|cka|sky|skaya|yan|yants|dze|ová|ova|eva|ov|ev|sen|berg|ström|strom|qvist|kvist|gren|moto|mura|yama|kawa|gawa|shima|zaki|saki|hashi|bayashi|guchi)$/;
export const WEAK_SURNAME_ENDING = /(?:son|ez|ic|ić|ak|ek|uk|ini|elli|etti|ucci|otti|eau|mann|stein|baum|feld|heim|mayer|meier|meyer|lund|dahl|holm|stad|iuk|chuk|adze|oka|hara|uchi|oto)$/;
/** Capitalised words ending like surnames that are ordinary words. */
export const SURNAME_ENDING_EXCEPTIONS = words(`reason season person lesson prison poison comparison garrison crimson unison venison bison mason parson caisson
  madison jackson wilson iceberg heidelberg nuremberg luxembourg gothenburg petersburg pittsburgh hamburg
  spielberg sky husky whisky whiskey risky frisky pesky ski kiev kyiv tov mov prov gov dev rev lev stev improv
  novice omsk tomsk minsk gdansk molotov sputnik chekhov gorbachev putin lenin kremlin ukrainian russian slovak
  czech polish serbian croatian bosnian armenian georgian slovakian romanian estonian persian christian
  ottoman sen den ten men women wen hen pen then when even seven eleven often open golden garden burden hidden
  listen kitten mitten sudden woven chosen frozen dozen citizen broken spoken taken token eaten linen siren
  however whatever whenever wherever karen ellen`);
const relations = 'kid son daughter child wife husband partner friend boyfriend girlfriend boss colleague mother father mom mum dad brother sister cousin aunt uncle neighbor neighbour grandfather grandmother grandson granddaughter nephew niece fiance fiancee teacher coworker co-worker roommate landlord tenant'.split(' ');
const byVerbs = 'written directed sung performed painted composed produced authored arranged sent created founded invented designed photographed narrated illustrated edited translated played voiced hosted presented owned approved reviewed signed'.split(' ');
/**
 * Phrases right before a name (a ":" or "," and quotes between are skipped). STRONG cues hold even for a
 * lower-case or unknown word ("my name is rubija"); the others need a capitalised word that is not a common word.
 */
export const STRONG_NAME_CUES = new PhraseSet([
    'my name is', 'name is', 'named', 'named him', 'named her', 'named them', 'named me', 'called', 'call me', 'dear',
    'signed', 'name', 'name ?', 'full name', 'first name', 'last name', 'surname', 'given name', 'family name', 'user name',
    'contact name', 'patient name', 'customer name', 'account holder', 'holder name', 'your name', 'the name on the account',
    'the name on the account is', 'the name on the account ?',
]);
export const NAME_CUES = new PhraseSet([
    'i am', "i'm", 'i’m', 'this is', 'hi', 'hello', 'hey', 'thanks', 'thank you', 'regards', 'sincerely', 'cheers', 'best',
    'says', 'said', 'asked', 'told', 'replied', 'shouted at', 'starring', 'featuring', 'feat .', 'married',
    'wife', 'husband', 'son of', 'daughter of', 'meet', 'contact', 'ask', 'tell', 'follow up with', 'spoke to',
    'spoke with', 'talked to', 'heard', 'according to', 'beneficiary', "partner's name", 'founder', 'founders', 'from',
    'to', 'cc', 'attn', 'attn .', 'c / o', 'assistant to',
    ...relations.map((relation) => `my ${relation}`),
    ...byVerbs.map((verb) => `${verb} by`),
]);
/** Cues that only count with a ":" after them ("From: Anna", not "from Paris"). */
export const LABEL_ONLY_CUES = new Set(['from', 'to', 'cc', 'attn', 'founder', 'founders', 'name']);
const ordinaryEndings = ['ed', 'ally', 'tion', 'sion', 'ment', 'ness', 'able', 'ible', 'ful', 'less', 'ous', 'ive', 'ize', 'ise', 'ity', 'ism', 'ist', 'ics', 'ware', 'book', 'ship'];
/**
 * English word endings that mark an ordinary word, not a surname ("Attached", "Quickly", "Payment"). "-ly" only on
 * longer words not ending "-lly", so Joly, Daly, Kelly and Reilly stay names.
 */
export function hasOrdinaryWordEnding(lower) {
    if (lower.length >= 6 && lower.endsWith('ly') && lower[lower.length - 3] !== 'l')
        return true;
    // Plurals too: "Operations", "Payments".
    const singular = lower.length > 5 && lower.endsWith('s') ? lower.slice(0, -1) : lower;
    return ordinaryEndings.some((ending) => lower.endsWith(ending) || singular.endsWith(ending));
}
/** Verbs after a capitalised word that make it a person ("Dexter lives on …", "Mehrudin shouted at …"). */
export const PERSON_VERBS = words(`lives lived married shouted whispered replied smiled laughed nodded cried sighed grinned frowned yelled screamed winked`);
/** After a line-initial word and a comma: a vocative ("Cora, can I please speak to …"). */
export const VOCATIVE_FOLLOWERS = new PhraseSet([
    'can i', 'can we', 'can you', 'could i', 'could we', 'could you', 'may i', 'please', 'thanks', 'thank you', 'listen',
    'remember', 'i need', 'i want', 'i would',
], 'start');
//# sourceMappingURL=name-lexicon.js.map