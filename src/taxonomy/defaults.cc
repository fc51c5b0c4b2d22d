// The built-in intents and price words, written in the taxonomy format so
// that one parser and one set of rules serve them and marketing's files.
// data/taxonomy/README.md documents them; a taxonomy file overrides an
// intent by defining one with the same id, or drops all of these with
// `[taxonomy] defaults = false`.
#include "src/taxonomy/taxonomy.h"

namespace parley {

std::string_view DefaultTaxonomyToml() {
  static constexpr std::string_view kToml = R"toml(
# Complaint: a complaint cue, or negative overall sentiment about a topic or
# a brand. (A cue with an apostrophe is also written without one, as posts
# often are: "doesnt work". Every cue also matches as a hashtag: "#fail".)
[intents.complaint]
with_topic = "negative"
with_brand = "negative"
negation = true
phrases = ["worst", "ridiculous", "unacceptable", "terrible", "horrible", "awful", "disgusting",
           "pathetic", "fail", "complaint", "complain", "fix this", "fix it",
           "still waiting", "still no", "no one answers", "nobody answers", "nobody told",
           "no explanation", "disappointed", "not happy", "fed up", "sort this out",
           "what a joke", "shame on you", "not working", "doesn't work", "doesnt work",
           "does not work", "isn't working", "isnt working", "stopped working", "still broken",
           "keeps crashing", "charged twice", "double charged", "never arrived", "never received",
           "still haven't received", "still havent received", "no response", "no reply",
           "on hold", "waste of time", "poor service", "useless", "scam", "want a refund",
           "want my money back", "frustrating", "frustrated", "frustration", "inexcusable",
           "rude", "unprofessional", "incompetent", "incompetence", "hung up on", "hang up on",
           "no answer", "no help", "unhelpful", "not helpful", "stuck", "still not", "worse",
           "sucks", "sucked", "suck", "annoyed", "pissed", "upset", "disappointing",
           "disappointment", "broken", "damaged", "delayed", "shameful", "crappy", "horrendous",
           "dreadful", "nightmare", "ruined", "disaster", "outage", "outages", "has been down",
           "been down for", "been down since", "keeps going down", "app is down", "site is down",
           "website is down", "service is down", "servers are down", "can't log in",
           "cant log in", "cannot log in", "can't login", "cant login", "unable to log in",
           "won't load", "wont load", "keeps dropping", "charged me twice", "rip off", "ripoff",
           "not impressed", "where is my order", "where's my order", "wheres my order",
           "where is my refund", "where's my refund", "wheres my refund", "too expensive",
           "overpriced", "overcharged", "price gouging", "hidden fees", "costs too much",
           "not worth the money", "waste of money", "price hike"]

# Question: a question mark, or a question opener.
[intents.question]
patterns = ['[?!]*\?[?!]*']
phrases = ["how do i", "how can i", "how do you", "anyone know", "does anyone", "can anyone",
           "can someone", "is there", "is it possible", "where is", "where can i", "when will",
           "when does", "why is", "why does", "why was", "why did", "why are", "why do",
           "why can't", "why cant", "why won't", "why wont", "how come", "can i", "do you know",
           "any idea", "any update",
           "wondering if", "what is the", "do you have", "can you help", "can u help",
           "could you help", "can you please", "could you please"]

# Praise: a praise cue in a post whose overall sentiment is positive, and
# not a complaint ("thanks for the rude service" is sarcasm).
[intents.praise]
requires = "positive"
negation = true
unless = ["complaint"]
phrases = ["thank you", "thanks", "thx", "love", "loved", "great", "amazing", "awesome", "kudos",
           "shout out", "best", "wonderful", "excellent", "appreciate", "perfect", "fantastic",
           "well done", "brilliant", "smooth", "friendly", "lovely", "great job", "good job",
           "highly recommend", "very satisfied", "very helpful", "so helpful", "super helpful",
           "really helpful", "extremely helpful", "shoutout", "hats off", "props to"]

# Purchase intent: wanting, planning or having just made a purchase (not a
# purchase told as the background of a support request or review: "booked",
# "purchased" and "can't wait" alone are not cues).
[intents.purchase]
negation = true
phrases = ["want to buy", "wanna buy", "going to buy", "booking a", "want to book",
           "need to book", "like to book", "trying to book", "planning to book", "going to book",
           "just booked", "book a", "can't wait to fly", "cant wait to fly", "can't wait to buy",
           "cant wait to buy", "can't wait to get my", "cant wait to get my",
           "looking for a flight", "planning to fly", "planning a trip", "just bought",
           "bought tickets", "just purchased", "where can i buy", "how much is", "sign me up",
           "take my money", "gonna buy", "planning to buy", "thinking of buying",
           "looking to buy", "need to buy", "about to buy", "just ordered", "pre-ordered",
           "preordered", "where to buy", "how much does", "just subscribed", "upgrading to"]

# Churn threat: saying they will leave. Cues name the leaving: "switch to"
# and "cancel my" alone are mostly a change of flight or plan ("switch to an
# earlier flight", "cancel my flight"), "will never" and "done with" mostly
# something else ("a film you will never forget", "well done with your
# marathon"). "I'm done" is finishing something when a time or a task
# comes with it ("once I'm done", "I'm done packing"): those are excluded.
[intents.churn]
negation = true
exclude = ["when i'm done", "once i'm done", "after i'm done", "until i'm done",
           "till i'm done", "if i'm done", "before i'm done", "i'm done for the day",
           "i'm done for today", "i'm done for tonight", "i'm done for now", "i'm done packing",
           "i'm done eating", "i'm done working", "i'm done with work", "i'm done shopping",
           "when im done", "once im done", "after im done", "until im done", "till im done",
           "if im done", "before im done", "im done for the day", "im done for today",
           "im done for tonight", "im done for now", "im done packing", "im done eating",
           "im done working", "im done with work", "im done shopping"]
phrases = ["switching to", "will switch to", "gonna switch to", "going to switch to",
           "time to switch", "i'm switching", "im switching", "switching providers",
           "switching carriers", "never again", "never flying", "never fly", "last time i fly",
           "taking my business", "moving my business", "not flying with", "won't fly", "wont fly",
           "will never fly", "will never book", "will never buy", "will never shop",
           "will never order", "will never again", "never use you again", "not sure i'll fly",
           "done with you", "i'm done", "im done", "so done with", "cancel my subscription",
           "cancel my account", "cancel my membership", "cancel my service", "cancel my plan",
           "cancel my contract", "cancelling my subscription", "cancelling my account",
           "cancelling my membership", "cancelling my service", "canceling my subscription",
           "canceling my account", "canceling my membership", "canceling my service",
           "unsubscribe", "close my account", "closing my account", "won't be back",
           "wont be back", "never coming back", "never buying", "never buy from",
           "never ordering", "never order from", "lost a customer", "going elsewhere"]

# Price words: reported as prices with no amount. The negative and positive
# ones also carry their polarity into the price aspect.
[prices]
words = ["cheap", "cheaper", "cheapest", "value for money", "price increase", "discount",
         "coupon", "promo code"]
negative = ["too expensive", "expensive", "overpriced", "over priced", "pricey", "rip off",
            "ripoff", "price gouging", "hidden fees", "extra fees", "costs too much",
            "not worth the money", "waste of money", "too much money", "overcharged",
            "price hike"]
positive = ["cheap fare", "cheap fares", "affordable", "good deal", "great deal", "bargain",
            "good value", "great value", "good price", "great price", "reasonably priced",
            "worth the money"]
)toml";
  return kToml;
}

}  // namespace parley
