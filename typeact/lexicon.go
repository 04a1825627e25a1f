package typeact

// The word tables of the stage. Each entry was chosen from the labelling
// guidelines of eval/testdata/typeact/README.md (issue 10's definitions)
// and checked against the tune split of that set; the cue verbs are those
// of attrib's lexicon, plus the synonyms the guidelines name. The code
// asks "what does this lemma mean", never spells a word out.

// target tells whether, and how, the noun phrase after a cue is the
// statement's target.
type target uint8

const (
	// noTarget: the cue names no addressee nor anyone aimed at.
	noTarget target = iota
	// addressee: the noun phrase after the cue is whom the statement is
	// addressed to: told reporters, asked him, urged Congress.
	addressee
	// aimed: the noun phrase after the cue is what the act is aimed at,
	// and when the content directly follows the cue and is a noun phrase
	// it is the content itself: criticized the governor, slammed the
	// plan, attacks on the judge.
	aimed
	// objectTo: the noun phrase after the cue is the target only when
	// "to", "from" or "that" follows it: ordered the agency to ...,
	// promised voters that ...; not "ordered the release".
	objectTo
)

// entry is what a cue lemma means.
type entry struct {
	typ    Type
	act    Act
	target target
}

// cueLemmas maps the lemma of a cue's head word (verb or noun) to its type,
// act and target frame. A lemma not listed is speech/assert, the commonest
// pair (77% of acts and 60% of types of the tune split).
var cueLemmas = map[string]entry{
	// speech, assert
	"say": {Speech, Assert, noTarget}, "tell": {Speech, Assert, addressee},
	"call": {Speech, Assert, noTarget}, "label": {Speech, Assert, noTarget},
	"brand": {Speech, Assert, noTarget}, "characterize": {Speech, Assert, noTarget},
	"dub": {Speech, Assert, noTarget}, "refer": {Speech, Assert, noTarget},
	"add": {Speech, Assert, noTarget}, "note": {Speech, Assert, noTarget},
	"explain": {Speech, Assert, addressee}, "argue": {Speech, Assert, noTarget},
	"inform": {Speech, Assert, addressee}, "remind": {Speech, Assert, addressee},
	"brief": {Speech, Assert, addressee}, "stress": {Speech, Assert, noTarget},
	"insist": {Speech, Assert, noTarget}, "suggest": {Speech, Assert, noTarget},
	"reply": {Speech, Assert, noTarget}, "respond": {Speech, Assert, noTarget},
	"observe": {Speech, Assert, noTarget}, "remark": {Speech, Assert, noTarget},
	"recall": {Speech, Assert, noTarget}, "continue": {Speech, Assert, noTarget},
	"claim": {Speech, Assert, noTarget}, "contend": {Speech, Assert, noTarget},
	"maintain": {Speech, Assert, noTarget}, "testify": {Speech, Assert, noTarget},
	"describe": {Speech, Assert, noTarget}, "talk": {Speech, Assert, noTarget},
	"speak": {Speech, Assert, noTarget}, "comment": {Speech, Assert, noTarget},
	"interview": {Speech, Assert, noTarget}, "predict": {Speech, Assert, noTarget},
	"project": {Speech, Assert, noTarget}, "estimate": {Speech, Assert, noTarget},
	"boast": {Speech, Assert, noTarget}, "brag": {Speech, Assert, noTarget},

	// writing
	"write": {Writing, Assert, addressee}, "tweet": {Writing, Assert, noTarget},
	"post": {Writing, Assert, noTarget}, "email": {Writing, Assert, addressee},
	"e-mail": {Writing, Assert, addressee}, "publish": {Writing, Assert, noTarget},
	"blog": {Writing, Assert, noTarget}, "text": {Writing, Assert, addressee},
	"forward": {Writing, Assert, addressee}, "letter": {Writing, Assert, noTarget},
	"memo": {Writing, Assert, noTarget}, "editorial": {Writing, Assert, noTarget},
	"release": {Writing, Assert, noTarget},

	// thought
	"think": {Thought, Assert, noTarget}, "believe": {Thought, Assert, noTarget},
	"know": {Thought, Assert, noTarget}, "expect": {Thought, Assert, noTarget},
	"hope": {Thought, Assert, noTarget}, "fear": {Thought, Assert, noTarget},
	"worry": {Thought, Assert, noTarget}, "feel": {Thought, Assert, noTarget},
	"see": {Thought, Assert, noTarget}, "view": {Thought, Assert, noTarget},
	"consider": {Thought, Assert, noTarget}, "understand": {Thought, Assert, noTarget},
	"learn": {Thought, Assert, noTarget}, "realize": {Thought, Assert, noTarget},
	"suspect": {Thought, Assert, noTarget}, "doubt": {Thought, Assert, noTarget},
	"assume": {Thought, Assert, noTarget}, "imagine": {Thought, Assert, noTarget},
	"guess": {Thought, Assert, noTarget}, "wonder": {Thought, Assert, noTarget},
	"remember": {Thought, Assert, noTarget}, "memory": {Thought, Assert, noTarget},
	"idea": {Thought, Assert, noTarget}, "notion": {Thought, Assert, noTarget},
	"obvious": {Thought, Assert, noTarget}, "convinced": {Thought, Assert, noTarget},
	"cheer": {Thought, Assert, noTarget}, "alarm": {Thought, Assert, noTarget},
	"fondness": {Thought, Assert, noTarget}, "affection": {Thought, Assert, noTarget},
	"belief": {Thought, Assert, noTarget}, "sense": {Thought, Assert, noTarget},
	"anger": {Thought, Assert, noTarget}, "angry": {Thought, Assert, noTarget},
	"concerned": {Thought, Assert, noTarget}, "aware": {Thought, Assert, noTarget},
	"attention": {Thought, Assert, noTarget}, "skeptical": {Thought, Assert, noTarget},
	"dismayed": {Thought, Assert, noTarget}, "frustrated": {Thought, Assert, noTarget},
	"intrigued": {Thought, Assert, noTarget}, "confident": {Thought, Assert, noTarget},
	"certain": {Thought, Assert, noTarget}, "fascinated": {Thought, Assert, noTarget},

	// stance
	"want": {Stance, Assert, noTarget}, "plan": {Stance, Assert, noTarget},
	"seek": {Stance, Assert, noTarget}, "support": {Stance, Assert, noTarget},
	"supporter": {Stance, Assert, noTarget}, "back": {Stance, Assert, noTarget},
	"endorse": {Stance, Assert, noTarget}, "oppose": {Stance, Assert, noTarget},
	"propose": {Stance, Assert, noTarget}, "refuse": {Stance, Assert, noTarget},
	"decide": {Stance, Assert, noTarget}, "decision": {Stance, Assert, noTarget},
	"vote": {Stance, Assert, noTarget}, "favor": {Stance, Assert, noTarget},
	"favour": {Stance, Assert, noTarget}, "push": {Stance, Assert, noTarget},
	"aim": {Stance, Assert, noTarget}, "intend": {Stance, Assert, noTarget},
	"choose": {Stance, Assert, noTarget}, "policy": {Stance, Assert, noTarget},
	"against": {Stance, Assert, noTarget}, "focus": {Stance, Assert, noTarget},
	"prefer": {Stance, Assert, noTarget}, "eager": {Stance, Assert, noTarget},
	"agree": {Stance, Assert, noTarget}, "intent": {Stance, Assert, noTarget},
	"opposition": {Stance, Assert, noTarget}, "reserve": {Stance, Assert, noTarget},
	"abandon": {Stance, Assert, noTarget}, "fire": {Stance, Assert, noTarget},
	"recommend": {Stance, Assert, noTarget}, "decline": {Stance, Assert, noTarget},
	"endorsement": {Stance, Assert, noTarget},

	// evidence
	"show": {Evidence, Assert, noTarget}, "appear": {Evidence, Assert, noTarget},
	"seem": {Evidence, Assert, noTarget}, "reportedly": {Evidence, Assert, noTarget},
	"herald": {Evidence, Assert, noTarget}, "indicate": {Evidence, Assert, noTarget},

	// warn
	"warn": {Speech, Warn, addressee}, "caution": {Speech, Warn, addressee},
	"threaten": {Speech, Warn, addressee}, "warning": {Speech, Warn, noTarget},
	"cautious": {Speech, Warn, noTarget}, "concern": {Speech, Warn, noTarget},

	// demand
	"urge": {Speech, Demand, addressee}, "demand": {Speech, Demand, addressee},
	"order": {Speech, Demand, objectTo}, "appeal": {Speech, Demand, addressee},
	"press": {Speech, Demand, addressee}, "implore": {Speech, Demand, addressee},
	"beg": {Speech, Demand, addressee}, "forbid": {Writing, Demand, objectTo},
	"require": {Speech, Demand, objectTo}, "instruct": {Speech, Demand, addressee},
	"direct": {Speech, Demand, addressee}, "command": {Speech, Demand, addressee},
	"petition": {Speech, Demand, addressee},

	// accuse
	"accuse": {Speech, Accuse, aimed}, "blame": {Speech, Accuse, aimed},
	"charge": {Speech, Accuse, aimed}, "allege": {Speech, Accuse, noTarget},
	"accusation": {Speech, Accuse, aimed}, "allegation": {Speech, Accuse, aimed},

	// criticize
	"criticize": {Speech, Criticize, aimed}, "criticise": {Speech, Criticize, aimed},
	"criticism": {Speech, Criticize, aimed}, "condemn": {Speech, Criticize, aimed},
	"slam": {Speech, Criticize, aimed}, "blast": {Speech, Criticize, aimed},
	"lambaste": {Speech, Criticize, aimed}, "assail": {Speech, Criticize, aimed},
	"deride": {Speech, Criticize, aimed}, "mock": {Speech, Criticize, aimed},
	"complain": {Speech, Criticize, addressee}, "attack": {Speech, Criticize, aimed},
	"dismiss": {Speech, Criticize, aimed}, "denounce": {Speech, Criticize, aimed},
	"ridicule": {Speech, Criticize, aimed}, "rip": {Speech, Criticize, aimed},
	"bash": {Speech, Criticize, aimed}, "scold": {Speech, Criticize, aimed},
	"chide": {Speech, Criticize, aimed}, "rebuke": {Speech, Criticize, aimed},
	"decry": {Speech, Criticize, aimed}, "lash": {Speech, Criticize, aimed},
	"scoff": {Speech, Criticize, noTarget}, "grievance": {Speech, Criticize, noTarget},
	"vent": {Speech, Criticize, noTarget}, "knock": {Speech, Criticize, aimed},
	"skewer": {Speech, Criticize, aimed}, "berate": {Speech, Criticize, aimed},
	"jab": {Speech, Criticize, aimed}, "swipe": {Speech, Criticize, aimed},
	"disparage": {Speech, Criticize, aimed}, "insult": {Speech, Criticize, aimed},
	"portray": {Speech, Criticize, aimed}, "lament": {Speech, Criticize, noTarget},
	"scorn": {Speech, Criticize, aimed}, "offensive": {Speech, Criticize, aimed},
	"critical": {Speech, Criticize, aimed},

	// praise
	"praise": {Speech, Praise, aimed}, "welcome": {Speech, Praise, aimed},
	"thank": {Speech, Praise, aimed}, "laud": {Speech, Praise, aimed},
	"tout": {Speech, Praise, aimed}, "hail": {Speech, Praise, aimed},
	"applaud": {Speech, Praise, aimed}, "commend": {Speech, Praise, aimed},
	"compliment": {Speech, Praise, aimed}, "congratulate": {Speech, Praise, aimed},
	"celebrate": {Speech, Praise, aimed}, "approval": {Speech, Praise, noTarget},

	// deny
	"deny": {Speech, Deny, noTarget}, "refute": {Speech, Deny, noTarget},
	"reject": {Speech, Deny, noTarget}, "dispute": {Speech, Deny, noTarget},
	"denial": {Speech, Deny, noTarget}, "rebut": {Speech, Deny, noTarget},
	"contradict": {Speech, Deny, noTarget},

	// promise
	"promise": {Speech, Promise, objectTo}, "pledge": {Speech, Promise, noTarget},
	"vow": {Speech, Promise, noTarget}, "assure": {Speech, Promise, addressee},
	"guarantee": {Speech, Promise, objectTo},

	// ask
	"ask": {Speech, Ask, addressee}, "question": {Speech, Ask, addressee},
	"inquire": {Speech, Ask, noTarget}, "query": {Speech, Ask, noTarget},

	// announce
	"announce": {Speech, Announce, noTarget}, "declare": {Speech, Announce, noTarget},
	"confirm": {Speech, Announce, noTarget}, "unveil": {Speech, Announce, noTarget},
	"announcement": {Speech, Announce, noTarget},

	// concede
	"admit": {Speech, Concede, noTarget}, "acknowledge": {Speech, Concede, noTarget},
	"concede": {Speech, Concede, noTarget}, "apologize": {Speech, Concede, addressee},
	"apologise": {Speech, Concede, addressee}, "apology": {Speech, Concede, noTarget},
}

// irregular maps inflected forms the suffix rules cannot undo to their
// lemma.
var irregular = map[string]string{
	"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
	"thought": "think", "knew": "know", "known": "know", "saw": "see", "seen": "see",
	"felt": "feel", "spoke": "speak", "spoken": "speak", "sought": "seek",
	"understood": "understand", "chose": "choose", "chosen": "choose",
	"forbade": "forbid", "forbidding": "forbid", "forbidden": "forbid",
	"shown": "show", "showed": "show", "made": "make", "gave": "give", "took": "take",
	"criticisms": "criticism", "claims": "claim", "allegations": "allegation",
	"accusations": "accusation", "charges": "charge", "attacks": "attack",
	"ideas": "idea", "memories": "memory", "views": "view", "plans": "plan",
	"votes": "vote", "decisions": "decision", "supporters": "supporter",
	"apologies": "apology", "warnings": "warning", "denials": "denial",
	"letters": "letter", "memos": "memo", "emails": "email", "e-mails": "e-mail",
}

// negators are the words that negate a cue: "did not deny", "never
// asked", "have no idea", "nobody has taken responsibility".
var negators = set("not", "n't", "never", "no", "nobody", "neither", "nor", "none", "nothing", "cannot")

// cueFillers are words of a cue span that are not its head: auxiliaries,
// modals, adverbs, negation, determiners. The head is the first other word
// of the table, else the last other word.
var cueFillers = set(
	"has", "have", "had", "is", "was", "are", "were", "be", "been", "being", "will",
	"would", "did", "does", "do", "might", "may", "can", "could", "should", "must",
	"also", "later", "repeatedly", "previously", "recently", "publicly", "then",
	"just", "already", "often", "once", "again", "still", "even", "further",
	"not", "n't", "never", "no", "so", "far", "long", "ever", "the", "a", "an",
	"his", "her", "their", "its", "our", "my", "to", "of", "on", "for", "about",
	"in", "with", "at", "by", "as", "that", "went", "go", "going", "on",
)

// writtenMedia are nouns that, near a cue ("in a statement", "issued a
// letter") or as the head of its source ("the memo says"), make the
// statement writing.
var writtenMedia = set(
	"statement", "statements", "letter", "letters", "memo", "memos", "email", "emails",
	"e-mail", "e-mails", "tweet", "tweets", "post", "posts", "blog", "op-ed", "column",
	"editorial", "filing", "filings", "complaint", "lawsuit", "suit", "release",
	"article", "articles", "book", "books", "memoir", "note", "message", "messages",
	"ad", "ads", "advertisement", "order", "ruling", "brief", "law", "bill",
	"constitution", "platform", "plank", "newspaper", "magazine", "story", "website",
	"facebook", "twitter", "text", "texts", "document", "documents", "report",
)

// publications are words that, heading a source, name a newspaper or a
// wire service ("the Washington Post observed"): writing.
var publications = set(
	"post", "times", "journal", "tribune", "herald", "gazette", "newspaper", "magazine",
	"reuters", "bloomberg", "politico", "breitbart", "slate", "salon", "axios",
	"press", "weekly", "review", "examiner", "observer", "guardian",
	"telegraph", "independent", "chronicle", "globe", "inquirer", "courier",
)

// evidenceSources are words that, heading a source, make the statement a
// finding rather than someone's view: polls, studies, data, records.
var evidenceSources = set(
	"poll", "polls", "polling", "survey", "surveys", "study", "studies", "data",
	"research", "paper", "papers", "records", "record", "figures", "numbers",
	"statistics", "estimates", "estimate", "results", "index", "census",
	"video", "footage", "evidence", "percent", "%", "majority", "earnings",
	"percentage", "model", "forecast", "projections", "trend", "trends",
)

// targetStops end the noun phrase after a cue: prepositions and
// complementizers that introduce the content, not the target.
var targetStops = set(
	"that", "to", "of", "for", "about", "as", "in", "on", "over", "with", "by", "if",
	"whether", "why", "how", "what", "when", "where", "who", "whom", "which",
	"after", "before", "because", "during", "at", "from", "into", "while", "since",
	"than", "against", "is", "was", "are", "were", "be", "been", "has", "have", "had", "will",
	"would", "can", "could", "should", "may", "might", "must", "not", "n't", "said",
	"says", "and", "or", "but", "this", "last", "yesterday", "today", "tomorrow",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)

// clauseMarkers are words that make a content a clause rather than a noun
// phrase: "accused Moscow of the fact that it does not stop ...".
var clauseMarkers = set(
	"that", "to", "for", "whether", "if", "is", "was", "are", "were", "be", "been",
	"has", "have", "had", "will", "would", "can", "could", "not", "n't", "who", "which",
	"because", "it", "he", "she", "they", "we", "i",
)

// targetStarts are words that cannot open a target noun phrase.
var targetStarts = set(
	"there", "here", "up", "out", "back", "down", "off", "again", "also",
	"too", "so", "very", "just", "repeatedly", "publicly", "privately",
)

// set builds a lookup set.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
