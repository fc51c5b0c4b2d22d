// The words of the synthetic conversation. Every line is written for parley;
// none comes from a data set. Most carry clear sentiment words so that a
// lexicon model can read them; some are sarcastic or flat on purpose, as in
// real conversation.
#include "src/synth/phrases.h"

#include <cctype>

namespace parley::synth {
namespace {

constexpr Sentiment kNeg = Sentiment::kNegative;
constexpr Sentiment kNeu = Sentiment::kNeutral;
constexpr Sentiment kPos = Sentiment::kPositive;
constexpr Intent kComplaint = Intent::kComplaint;
constexpr Intent kQuestion = Intent::kQuestion;
constexpr Intent kPraise = Intent::kPraise;
constexpr Intent kPurchase = Intent::kPurchase;
constexpr Intent kChurn = Intent::kChurn;
constexpr Intent kInfo = Intent::kInfo;
constexpr Intent kSupport = Intent::kSupport;

// ---- brands ---------------------------------------------------------------

constexpr std::string_view kSkyloftMentions[] = {
    "@SkyloftAir", "@SkyloftAir", "@SkyloftAir", "@SkyloftAir", "@SkyloftAir",
    "Skyloft",     "Skyloft",     "Skyloft Air", "#skyloft",    "@skyloftair"};
constexpr std::string_view kJetwaveMentions[] = {"@Jetwave", "@Jetwave", "@Jetwave",
                                                 "Jetwave",  "Jetwave",  "@jetwave"};
constexpr std::string_view kAeroNovaMentions[] = {"@AeroNova", "@AeroNova", "@AeroNova",
                                                  "AeroNova",  "Aero Nova", "@aeronova"};

constexpr Brand kBrands[kBrandCount] = {
    {"Skyloft Air", "SkyloftAir", "SL", kSkyloftMentions, 220000, 0.55, 0.50, 1.0},
    {"Jetwave", "Jetwave", "JW", kJetwaveMentions, 150000, 0.28, 0.40, 0.8},
    {"AeroNova", "AeroNova", "AN", kAeroNovaMentions, 90000, 0.17, 0.30, 1.3},
};

// ---- topics ----------------------------------------------------------------

constexpr std::string_view kDelayTrouble[] = {"another {H} hour delay", "a delayed flight again",
                                              "sitting at the gate for {H} hours",
                                              "a {M} minute delay nobody explained"};
constexpr std::string_view kDelayTags[] = {"#delayed", "#delays", "#stuck", "#travelfail"};
constexpr Template kDelayComplaints[] = {
    {kNeg, kComplaint, "{B} flight {F} delayed AGAIN. Third time this month. I'm done."},
    {kNeg, kComplaint, "Delayed {H} hours at {C} and nobody from {B} tells us anything. Terrible."},
    {kNeg, kComplaint, "{F} to {C} pushed back to {T}. This is ridiculous {B}"},
    {kNeg, kComplaint, "Stuck at gate {G} for {H} hours. Worst airline experience ever {B}"},
    {kNeg, kComplaint, "{B} your delays are a joke. Missed my connection in {C} because of you"},
    {kNeg, kComplaint, "So frustrated. {M} minute delay turned into {H} hours. Thanks for nothing {B}"},
    {kNeg, kComplaint, "Missed my sister's wedding because {B} delayed {F} twice. Unacceptable."},
    {kNeg, kComplaint, "Why does every {B} flight out of {C} leave late?? Awful."},
    {kNeg, kComplaint, "hate flying {B}. delayed, delayed, delayed. every single time"},
    {kNeg, kComplaint, "{F} now departing {T}. Originally {T}. {B}"},
    {kNeg, kComplaint, "Pilot just said another hour. {H} hours on the tarmac in {C}. {B} this is a nightmare and nobody cares"},
};
constexpr Template kDelayQuestions[] = {
    {kNeu, kQuestion, "{B} is {F} to {C} still on time for {T}?"},
    {kNeg, kQuestion, "Any update on {F}? Board still says delayed {B}"},
    {kNeg, kQuestion, "{B} why is {F} delayed again and when will we actually leave?"},
    {kNeu, kQuestion, "Does anyone know if {B} holds connections in {C} when the first leg is late?"},
};
constexpr Template kDelayPraise[] = {
    {kPos, kPraise, "{B} landed {M} minutes early in {C}. Love it!"},
    {kPos, kPraise, "On time departure, on time arrival. Great job {B}"},
    {kPos, kPraise, "Impressed that {B} held the plane for our late connection in {C}. Thank you!"},
    {kPos, kPraise, "Smooth flight, friendly crew, on time. That's all I want. {B}"},
};
constexpr Template kDelayInfo[] = {
    {kNeu, kInfo, "{F} {C} to {K} showing a new departure time of {T}. {B}"},
    {kNeu, kInfo, "Heads up if you're flying {B} out of {C} today: ground stop until {T}."},
};

constexpr std::string_view kCancelTrouble[] = {"a cancelled flight", "my second cancellation this month",
                                               "a last-minute cancellation"};
constexpr std::string_view kCancelTags[] = {"#cancelled", "#stranded", "#travelfail"};
constexpr Template kCancelComplaints[] = {
    {kNeg, kComplaint, "{B} cancelled my flight to {C} with no explanation. Terrible."},
    {kNeg, kComplaint, "Flight cancelled at {T} and the next seat is tomorrow night. Thanks a lot {B}, really awful"},
    {kNeg, kComplaint, "{B} just cancelled {F}. Stranded in {C} with two kids. Horrible."},
    {kNeg, kComplaint, "Cancelled by text message 20 minutes before boarding. {B} you should be ashamed"},
    {kNeg, kComplaint, "Second cancellation in a week with {B}. Angry doesn't even cover it"},
    {kNeg, kComplaint, "{F} cancelled. Rebooked on a flight 2 days later. {B}"},
};
constexpr Template kCancelQuestions[] = {
    {kNeg, kQuestion, "{B} my flight {F} was cancelled, how do I get rebooked?"},
    {kNeu, kQuestion, "If {B} cancels, do they pay for a hotel in {C}?"},
    {kNeg, kQuestion, "{B} seriously, why was {F} cancelled when every other airline is flying?"},
};
constexpr Template kCancelPraise[] = {
    {kPos, kPraise, "{B} cancelled my flight but rebooked me in minutes, and on a better one. Great service"},
    {kPos, kPraise, "Credit to {B}: cancellation handled well, hotel and meals covered. Thank you"},
};
constexpr Template kCancelInfo[] = {
    {kNeu, kInfo, "{B} cancelling some {C} flights tonight because of the storm, check your booking."},
    {kNeu, kInfo, "{F} {C} to {K} cancelled, passengers moved to the {T} departure."},
};

constexpr std::string_view kBagTrouble[] = {"a lost bag", "a suitcase that went to the wrong city",
                                            "a {$} bag fee and a broken zipper"};
constexpr std::string_view kBagTags[] = {"#lostluggage", "#baggage", "#wheresmybag"};
constexpr Template kBagComplaints[] = {
    {kNeg, kComplaint, "Lost luggage with {B}, no one answers the phone. Worst customer service ever"},
    {kNeg, kComplaint, "Day 3 and still no news on my bag. {B} this is ridiculous"},
    {kNeg, kComplaint, "{B} broke the handle off my suitcase and wants me to fill in 4 forms. Awful."},
    {kNeg, kComplaint, "My bag went to {K}, I went to {C}. Thanks {B}, terrible job"},
    {kNeg, kComplaint, "Waited {M} minutes at baggage claim in {C}. {B} is a mess tonight"},
    {kNeg, kComplaint, "{B} lost my bag with my medication in it. I am so angry right now"},
    {kNeg, kComplaint, "Bag tracker says my suitcase is still in {K}. {B}"},
};
constexpr Template kBagQuestions[] = {
    {kNeu, kQuestion, "{B} what's the carry-on size limit on {F}?"},
    {kNeu, kQuestion, "How long does {B} take to deliver a late bag, usually?"},
    {kNeg, kQuestion, "{B} where is my bag?? Reference {R}, it's been {H} days"},
};
constexpr Template kBagPraise[] = {
    {kPos, kPraise, "{B} found my lost bag and delivered it to my hotel in {C}. Amazing, thank you!"},
    {kPos, kPraise, "Fastest baggage claim ever in {C}, nice work {B}"},
};
constexpr Template kBagInfo[] = {
    {kNeu, kInfo, "{B} now lets you track checked bags in the app."},
    {kNeu, kInfo, "Reminder: {B} checked bag allowance on basic fares is one bag up to 23kg."},
};

constexpr std::string_view kServiceTrouble[] = {"{H} hours on hold", "a rude gate agent",
                                                "a chat bot that hangs up on you"};
constexpr std::string_view kServiceTags[] = {"#customerservice", "#fail", "#badservice"};
constexpr Template kServiceComplaints[] = {
    {kNeg, kComplaint, "On hold with {B} for {H} hours. Useless customer service."},
    {kNeg, kComplaint, "{B} staff at gate {G} were rude and unhelpful. Never again."},
    {kNeg, kComplaint, "The {B} agent in {C} literally laughed at me. Disgusting service"},
    {kNeg, kComplaint, "{B} your chat bot is useless and there is no human to talk to. So frustrated"},
    {kNeg, kComplaint, "Called {B} 6 times, got disconnected 6 times. Terrible."},
    {kNeg, kComplaint, "Nobody at the {B} desk in {C} could tell us anything. Worst service I've had"},
    {kNeg, kComplaint, "{M} minutes in the queue at the {B} counter and one agent working. {B}"},
};
constexpr Template kServiceQuestions[] = {
    {kNeu, kQuestion, "{B} is there a phone number where a human actually picks up?"},
    {kNeu, kQuestion, "How do I reach {B} customer service about booking {R}?"},
    {kNeg, kQuestion, "{B} why does nobody answer my emails? Sent 3 already"},
};
constexpr Template kServicePraise[] = {
    {kPos, kPraise, "The crew on my {B} flight was lovely and so helpful with my baby"},
    {kPos, kPraise, "Thank you {B} for taking care of my grandmother's wheelchair transfer, the team was wonderful"},
    {kPos, kPraise, "Shout out to the {B} agent in {C} who fixed everything in 5 minutes. Amazing service!"},
    {kPos, kPraise, "{B} customer service on the phone was kind and patient today. Appreciate it"},
};
constexpr Template kServiceInfo[] = {
    {kNeu, kInfo, "{B} is adding a callback option to its phone line, apparently."},
};

constexpr std::string_view kPriceTrouble[] = {"a {$} checked bag fee", "fares that doubled overnight",
                                              "a {$} seat selection fee"};
constexpr std::string_view kPriceTags[] = {"#fees", "#travel", "#deals", "#cheapflights"};
constexpr Template kPriceComplaints[] = {
    {kNeg, kComplaint, "{B} raised checked bag fees to {$}. Way too expensive for a short hop, what a ripoff. Sad"},
    {kNeg, kComplaint, "{$} to pick a seat?? {B} this is greedy and ridiculous"},
    {kNeg, kComplaint, "Same flight to {C} was {$} yesterday and double today. Hate this {B}"},
    {kNeg, kComplaint, "{B} hidden fees everywhere. Booked for {$}, paid almost twice that. Disappointed"},
    {kNeg, kComplaint, "Paid {$} for a change fee on {B}. Ridiculous. Never again."},
    {kNeg, kComplaint, "{B} fare to {C} is {$} now. {$} last week."},
};
constexpr Template kPriceQuestions[] = {
    {kNeu, kQuestion, "Does {B} have a sale to {C} this month?"},
    {kNeu, kQuestion, "{B} is the {$} fare to {C} refundable or basic?"},
    {kNeu, kQuestion, "Is {B} or {O} cheaper to {C} in May?"},
};
constexpr Template kPricePraise[] = {
    {kPos, kPraise, "{B} has {$} fares to {C} this week, great deal!"},
    {kPos, kPraise, "Honestly {B} prices are fair and no silly fees. Love that"},
    {kPos, kPraise, "PSA: {B} spring sale, 20% off with code SPRING. Good deal!"},
};
constexpr Template kPriceInfo[] = {
    {kNeu, kInfo, "{B} fares {C} to {K} from {$} one way this week."},
    {kNeu, kInfo, "Compared {B} and {O} to {C}: {$} vs {$}."},
};

constexpr std::string_view kWifiTrouble[] = {"wifi that doesn't work", "paying {$} for wifi that barely loads"};
constexpr std::string_view kWifiTags[] = {"#wifi", "#inflight", "#avgeek"};
constexpr Template kWifiComplaints[] = {
    {kNeg, kComplaint, "{B} why is the wifi so slow?? paid for it and it barely works"},
    {kNeg, kComplaint, "Wifi on {F} was broken the whole flight. Want my {$} back {B}"},
    {kNeg, kComplaint, "{B} inflight wifi is useless, couldn't even load email. Terrible"},
    {kNeg, kComplaint, "Paid {$} for {B} wifi, got 10 minutes of connection. Annoyed."},
    {kNeg, kComplaint, "{B} wifi portal keeps logging me out. {H} hours without a connection"},
};
constexpr Template kWifiQuestions[] = {
    {kNeu, kQuestion, "{B} does {F} have wifi?"},
    {kNeu, kQuestion, "Is {B} wifi free for members or do I need to pay?"},
};
constexpr Template kWifiPraise[] = {
    {kPos, kPraise, "Free wifi on {B} and it actually works! Streamed a whole movie. Impressed"},
    {kPos, kPraise, "{B} wifi was fast enough for a video call at 35,000 feet. Amazing"},
};
constexpr Template kWifiInfo[] = {
    {kNeu, kInfo, "{B} rolling out new satellite wifi on the {C} routes."},
};

constexpr std::string_view kSeatTrouble[] = {"a broken seat", "zero legroom", "a seat that won't recline"};
constexpr std::string_view kSeatTags[] = {"#legroom", "#comfort", "#avgeek"};
constexpr Template kSeatComplaints[] = {
    {kNeg, kComplaint, "{B} seats are so cramped, my knees hurt for {H} hours. Awful"},
    {kNeg, kComplaint, "Broken seat on {F}, wouldn't recline the whole way to {C}. Terrible {B}"},
    {kNeg, kComplaint, "Paid extra for a window seat, got a wall. Disappointed {B}"},
    {kNeg, kComplaint, "{B} split up my family of 4 across the plane. Ridiculous."},
    {kNeg, kComplaint, "Dirty seats and a sticky tray table on {B} today. Gross"},
    {kNeg, kComplaint, "Row 31 on {B}: no recline, no window, {H} hours."},
};
constexpr Template kSeatQuestions[] = {
    {kNeu, kQuestion, "{B} how much legroom in economy plus on the {C} route?"},
    {kNeu, kQuestion, "Can I change my seat on {F} after check-in {B}?"},
};
constexpr Template kSeatPraise[] = {
    {kPos, kPraise, "Loved the new seats on {B}, legroom is actually great"},
    {kPos, kPraise, "SO HAPPY with the upgrade {B}!!! best birthday surprise"},
    {kPos, kPraise, "{B} new cabin is comfortable and clean. Nice"},
    {kPos, kPraise, "Slept the whole way to {C}. The {B} lie-flat seats are wonderful"},
};
constexpr Template kSeatInfo[] = {
    {kNeu, kInfo, "{B} is retrofitting its narrowbodies with new seats this year."},
};

constexpr std::string_view kBookingTrouble[] = {"an app that crashes at check-in",
                                                "a website that loses my booking"};
constexpr std::string_view kBookingTags[] = {"#app", "#checkin", "#ux"};
constexpr Template kBookingComplaints[] = {
    {kNeg, kComplaint, "{B} the app crashed during check-in and I nearly missed my flight"},
    {kNeg, kComplaint, "{B} website keeps failing at payment. Tried {H} times. Useless"},
    {kNeg, kComplaint, "Booking {R} disappeared from the {B} app. Great, now what? Frustrated"},
    {kNeg, kComplaint, "The {B} app logged me out and now my boarding pass is gone. Terrible"},
    {kNeg, kComplaint, "{B} charged my card twice for one booking. This is not ok"},
    {kNeg, kComplaint, "Check-in page for {F} has been down since {T}. {B}"},
};
constexpr Template kBookingQuestions[] = {
    {kNeg, kQuestion, "Does anyone know if {B} lets you change a basic fare? Their site is not clear at all"},
    {kNeu, kQuestion, "{B} can I add a bag to booking {R} in the app?"},
    {kNeu, kQuestion, "{B} when does online check-in open for {F}?"},
};
constexpr Template kBookingPraise[] = {
    {kPos, kPraise, "The new {B} app is great, check-in took 30 seconds"},
    {kPos, kPraise, "Changed my flight in the {B} app in two taps. Love it"},
};
constexpr Template kBookingInfo[] = {
    {kNeu, kInfo, "{B} app update adds mobile boarding passes for {C}."},
};

constexpr std::string_view kRefundTrouble[] = {"a refund that never comes", "{H} weeks waiting for a refund"};
constexpr std::string_view kRefundTags[] = {"#refund", "#customerservice"};
constexpr Template kRefundComplaints[] = {
    {kNeg, kComplaint, "{B} still no refund for my cancelled flight, {H} weeks later. Terrible"},
    {kNeg, kComplaint, "{B} owes me {$} and the refund form is broken. So frustrated"},
    {kNeg, kComplaint, "Refund denied by {B} for a flight THEY cancelled. Disgraceful"},
    {kNeg, kComplaint, "Angry. {B} gave me a voucher instead of my money. I want a refund"},
    {kNeg, kComplaint, "Refund request {R} submitted {H} weeks ago. Status: pending. {B}"},
};
constexpr Template kRefundQuestions[] = {
    {kNeu, kQuestion, "{B} how long does a refund to my card take?"},
    {kNeg, kQuestion, "{B} where is my refund? {R}, {H} weeks now"},
};
constexpr Template kRefundPraise[] = {
    {kPos, kPraise, "{B} refund finally came through. Thanks for sorting it out"},
    {kPos, kPraise, "Got my {$} refund from {B} in 3 days, no fuss. Impressed!"},
};
constexpr Template kRefundInfo[] = {
    {kNeu, kInfo, "{B} updated its refund policy page this week."},
};

constexpr std::string_view kFoodTrouble[] = {"a cold sandwich for {$}", "no vegetarian meal again"};
constexpr std::string_view kFoodTags[] = {"#airlinefood", "#foodie"};
constexpr Template kFoodComplaints[] = {
    {kNeg, kComplaint, "{B} ran out of food {M} minutes into a {H} hour flight. Awful"},
    {kNeg, kComplaint, "Disappointed {B}: ordered a vegetarian meal, got a cheese roll"},
    {kNeg, kComplaint, "{$} for a stale sandwich on {B}. Horrible"},
    {kNeg, kComplaint, "Meh. Flight was ok, food was kind of bland. {B}"},
};
constexpr Template kFoodQuestions[] = {
    {kNeu, kQuestion, "{B} do you serve meals on the {C} to {K} flight?"},
    {kNeu, kQuestion, "Can I bring my own food on {B}?"},
};
constexpr Template kFoodPraise[] = {
    {kPos, kPraise, "The pasta on {B} was actually delicious. Who knew"},
    {kPos, kPraise, "{B} free snacks and great coffee on the {C} flight. Happy"},
};
constexpr Template kFoodInfo[] = {
    {kNeu, kInfo, "{B} has a new menu on flights from {C}."},
};

constexpr Topic kTopics[kTopicCount] = {
    {"delay", 0.18, kDelayTrouble, kDelayTags, kDelayComplaints, kDelayQuestions, kDelayPraise, kDelayInfo},
    {"cancellation", 0.08, kCancelTrouble, kCancelTags, kCancelComplaints, kCancelQuestions, kCancelPraise,
     kCancelInfo},
    {"baggage", 0.12, kBagTrouble, kBagTags, kBagComplaints, kBagQuestions, kBagPraise, kBagInfo},
    {"customer_service", 0.13, kServiceTrouble, kServiceTags, kServiceComplaints, kServiceQuestions,
     kServicePraise, kServiceInfo},
    {"price", 0.12, kPriceTrouble, kPriceTags, kPriceComplaints, kPriceQuestions, kPricePraise, kPriceInfo},
    {"wifi", 0.06, kWifiTrouble, kWifiTags, kWifiComplaints, kWifiQuestions, kWifiPraise, kWifiInfo},
    {"seats", 0.09, kSeatTrouble, kSeatTags, kSeatComplaints, kSeatQuestions, kSeatPraise, kSeatInfo},
    {"booking", 0.09, kBookingTrouble, kBookingTags, kBookingComplaints, kBookingQuestions, kBookingPraise,
     kBookingInfo},
    {"refund", 0.06, kRefundTrouble, kRefundTags, kRefundComplaints, kRefundQuestions, kRefundPraise,
     kRefundInfo},
    {"food", 0.07, kFoodTrouble, kFoodTags, kFoodComplaints, kFoodQuestions, kFoodPraise, kFoodInfo},
};

// ---- pools shared by all topics --------------------------------------------

constexpr Template kSarcasm[] = {
    {kNeg, kComplaint, "Oh great, {S} with {B}. Just what I needed today"},
    {kNeg, kComplaint, "Love how {B} always finds new ways to surprise me. Today: {S}"},
    {kNeg, kComplaint, "Thanks {B}, {S} is exactly how I wanted to spend my birthday"},
    {kNeg, kComplaint, "Wow {B}. {S}. Truly amazing stuff"},
    {kNeg, kComplaint, "Another day, another {B} adventure: {S}"},
    {kNeg, kComplaint, "Five stars to {B} for {S}. lol"},
};
constexpr Template kChurnPool[] = {
    {kNeg, kChurn, "After {S}, I'm switching to {O}. Done with {B}"},
    {kNeg, kChurn, "{B} that's it. {S} was the last straw. Booking {O} from now on"},
    {kNeg, kChurn, "Never flying {B} again. {S}. Awful. Hello {O}"},
    {kNeg, kChurn, "Cancelling my {B} card after {S}. Terrible loyalty program anyway"},
    {kNeg, kChurn, "Thinking of switching to {O} after {S}. Sad, I used to love {B}"},
    {kNeg, kChurn, "{S}? Bye {B}, you are the worst. Moving my miles to {O}"},
};
constexpr Template kPurchasePool[] = {
    {kPos, kPurchase, "Just booked {B} for {C} in May, can't wait!"},
    {kPos, kPurchase, "Booked {F} to {C} for {$}. Excited!"},
    {kPos, kPurchase, "Finally bought tickets to {C} on {B}. Yay, holiday!"},
    {kNeu, kPurchase, "Booking {B} to {C} for next month, hope the fare holds."},
    {kPos, kPurchase, "Grabbed the {B} deal to {C}, {$} round trip. Great price"},
    {kNeu, kPurchase, "Going with {B} over {O} for the {C} trip."},
    {kPos, kPurchase, "Just upgraded to business on {B} for my honeymoon. So happy"},
};
constexpr Template kBrandReply[] = {
    {kNeu, kSupport, "{U} We're sorry about this, {N}. Please DM us your booking code and we'll look into it."},
    {kNeu, kSupport, "{U} Hi {N}, our team is looking into this now. Send us a DM with your booking code."},
    {kNeu, kSupport, "{U} {N}, we've passed this to our customer team and will follow up by DM."},
    {kNeu, kSupport, "{U} Hi {N}, that should not have happened. DM us and we'll make it right."},
    {kNeu, kSupport, "{U} Hi {N}, a specialist will reach out within 24 hours."},
    {kNeu, kSupport, "{U} {N}, we've sent you a DM so we can look into your booking."},
};
constexpr Template kBrandAnswer[] = {
    {kNeu, kSupport, "{U} Hi {N}, you can change that under Manage Booking in the app."},
    {kNeu, kSupport, "{U} Hi {N}, the details are on our website; DM us your booking code for specifics."},
    {kNeu, kSupport, "{U} Hi {N}, we've sent you a DM with the details."},
    {kPos, kSupport, "{U} Good question, {N}! Our help page has the details, and we're happy to help by DM."},
};
constexpr Template kThanks[] = {
    {kPos, kPraise, "{U} thanks for the quick answer, appreciate it"},
    {kPos, kPraise, "{U} sorted now, thank you!"},
    {kPos, kPraise, "{U} that was fast. Thanks, great help"},
    {kPos, kPraise, "{U} ok thanks, that helps"},
};
constexpr Template kStillWaiting[] = {
    {kNeg, kComplaint, "Useless. {U} I DMed you {H} hours ago and still waiting"},
    {kNeg, kComplaint, "{U} a DM won't fix this. Terrible."},
    {kNeg, kComplaint, "{U} this is the third time you've asked for my booking code. Ridiculous"},
    {kNeg, kComplaint, "{U} still waiting. not happy"},
};
constexpr Template kReplyNegative[] = {
    {kNeg, kComplaint, "{U} same thing happened to me with {B} last week. Awful"},
    {kNeg, kComplaint, "{U} ugh, sorry. They did the same to my parents. Terrible airline"},
    {kNeg, kComplaint, "{U} this is why I stopped flying {B}. So frustrating"},
    {kNeg, kComplaint, "{U} yep, {B} is the worst lately"},
    {kNeg, kComplaint, "{U} happened to me in {C} too. Awful airline, never again"},
};
constexpr Template kReplyNeutral[] = {
    {kNeu, kInfo, "{U} try calling the desk at the airport, they can rebook you there"},
    {kNeu, kQuestion, "{U} did you try the chat in the app?"},
    {kNeu, kInfo, "{U} file a claim within 7 days, that's what they told me"},
    {kNeu, kQuestion, "{U} which flight was it?"},
    {kNeu, kInfo, "{U} I think the fee depends on the fare class"},
};
constexpr Template kReplyPositive[] = {
    {kPos, kPraise, "{U} agreed, {B} has been great for me too"},
    {kPos, kPraise, "{U} love that! Have a wonderful trip"},
    {kPos, kPraise, "{U} same, their crew is always so friendly"},
    {kPos, kPraise, "{U} hope you get home soon, good luck!"},
};
constexpr Template kAuthorBack[] = {
    {kPos, kPraise, "{U} thanks, will try that"},
    {kNeg, kComplaint, "{U} right?! unbelievable. so annoyed"},
    {kNeu, kInfo, "{U} {F} from {C}"},
    {kPos, kPraise, "{U} thank you, appreciate it"},
    {kNeg, kComplaint, "{U} tried that, useless."},
};
constexpr Template kQuote[] = {
    {kNeu, kInfo, "This."}, {kNeu, kInfo, "Yep."}, {kNeu, kInfo, "Worth reading"},
    {kNeu, kInfo, "^^"},    {kNeu, kInfo, "Exactly"},
};
constexpr Template kAnnouncement[] = {
    {kPos, kInfo, "Spring sale is on! Fares to {C} from {$}. Book by Sunday."},
    {kNeu, kInfo, "New route: {C} to {K}, three times a week from June."},
    {kPos, kInfo, "Free wifi for all members starting today. Enjoy!"},
    {kNeu, kInfo, "Travel advisory: weather in {C} may affect flights today. Check your flight status in the app."},
};
constexpr Template kChatter[] = {
    {kNeg, kInfo, "Airports are a zoo today. Security line in {C} is {M} minutes"},
    {kPos, kInfo, "Window seat, good book, sunset over {C}. Happy"},
    {kNeu, kInfo, "Anyone flying {C} to {K} next week?"},
    {kNeu, kInfo, "Packing for {C}. Carry-on only this time."},
    {kNeg, kInfo, "Jet lag is the worst. Landed in {C} at {T} and can't sleep"},
};
constexpr Template kIncident[] = {
    {kNeg, kComplaint, "Whole terminal in {C} full of stranded {B} passengers. Chaos. Nobody knows anything"},
    {kNeg, kComplaint, "{B} every departure board in {C} says delayed. What is going on?? Terrible"},
    {kNeg, kComplaint, "{B} system outage?? {H} hours and counting. Horrible communication"},
    {kNeg, kComplaint, "Hundreds of people stuck at {C} because {B} can't get planes out. Absolute mess"},
    {kNeg, kQuestion, "{B} is anything leaving {C} today or should we go home?"},
};

// ---- people and places -------------------------------------------------------

constexpr std::string_view kCities[] = {
    "Lisbon", "Berlin",  "Tokyo",  "London", "Denver",    "Chicago", "Boston",  "Madrid",
    "Paris",  "Seattle", "Austin", "Dublin", "Toronto",   "Miami",   "Atlanta", "Rome",
    "Oslo",   "Dallas",  "Vienna", "Prague", "Vancouver", "Phoenix", "Lima",    "Athens",
};
constexpr std::string_view kFirstNames[] = {
    "maya", "tom",   "priya", "sam",  "lucia", "dan",   "ana",  "kira",  "oliver", "nina",
    "mark", "ella",  "chris", "jo",   "leo",   "hana",  "alex", "vera",  "ravi",   "ines",
    "omar", "sofia", "ben",   "yuki", "amara", "lars",  "zoe",  "mateo", "aisha",  "jonas",
    "emma", "raj",   "lena",  "noah", "fatima", "eric", "mila", "diego", "grace",  "tariq",
};
constexpr std::string_view kLastNames[] = {
    "Becker", "Silva", "Kim",   "Novak",  "Okafor", "Rossi",  "Larsen", "Patel",
    "Moreau", "Chen",  "Haddad", "Lopez", "Walsh",  "Tanaka", "Ivanova", "Byrne",
};
constexpr std::string_view kHandleWords[] = {
    "travels", "flies", "onthego", "abroad", "jets", "wanders", "away", "trips",
    "writes",  "codes", "eats",    "runs",   "nyc",  "ldn",     "real", "official",
};
constexpr Influencer kInfluencers[] = {
    {"TheWindowSeat", "The Window Seat"}, {"PointsPilot", "Points Pilot"},
    {"CarryOnCara", "Cara | Carry-On"},   {"RunwayReport", "Runway Report"},
    {"NomadNadia", "Nadia the Nomad"},    {"FareWatchJoe", "Joe @ FareWatch"},
    {"AvGeekDaily", "AvGeek Daily"},      {"TripTalesInes", "Ines | Trip Tales"},
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

std::string_view SentimentName(Sentiment s) {
  switch (s) {
    case Sentiment::kNegative: return "negative";
    case Sentiment::kNeutral: return "neutral";
    case Sentiment::kPositive: return "positive";
  }
  return "";
}

std::string_view IntentName(Intent i) {
  switch (i) {
    case Intent::kComplaint: return "complaint";
    case Intent::kQuestion: return "question";
    case Intent::kPraise: return "praise";
    case Intent::kPurchase: return "purchase";
    case Intent::kChurn: return "churn";
    case Intent::kInfo: return "info";
    case Intent::kSupport: return "support";
  }
  return "";
}

const Brand& BrandAt(int b) { return kBrands[b]; }

int FindBrand(std::string_view text) {
  static constexpr std::string_view kShortIds[kBrandCount] = {"skyloft", "jetwave", "aeronova"};
  for (int b = 0; b < kBrandCount; ++b) {
    if (EqualsIgnoreCase(text, kBrands[b].name) || EqualsIgnoreCase(text, kBrands[b].handle) ||
        EqualsIgnoreCase(text, kShortIds[b]))
      return b;
  }
  return -1;
}

const Topic& TopicAt(int t) { return kTopics[t]; }

int FindTopic(std::string_view id) {
  for (int t = 0; t < kTopicCount; ++t) {
    if (kTopics[t].id == id) return t;
  }
  return -1;
}

std::span<const Template> PoolAt(Pool pool) {
  switch (pool) {
    case Pool::kSarcasm: return kSarcasm;
    case Pool::kChurn: return kChurnPool;
    case Pool::kPurchase: return kPurchasePool;
    case Pool::kBrandReply: return kBrandReply;
    case Pool::kBrandAnswer: return kBrandAnswer;
    case Pool::kThanks: return kThanks;
    case Pool::kStillWaiting: return kStillWaiting;
    case Pool::kReplyNegative: return kReplyNegative;
    case Pool::kReplyNeutral: return kReplyNeutral;
    case Pool::kReplyPositive: return kReplyPositive;
    case Pool::kAuthorBack: return kAuthorBack;
    case Pool::kQuote: return kQuote;
    case Pool::kAnnouncement: return kAnnouncement;
    case Pool::kChatter: return kChatter;
    case Pool::kIncident: return kIncident;
  }
  return {};
}

std::span<const std::string_view> Cities() { return kCities; }
std::span<const std::string_view> FirstNames() { return kFirstNames; }
std::span<const std::string_view> LastNames() { return kLastNames; }
std::span<const std::string_view> HandleWords() { return kHandleWords; }
std::span<const Influencer> Influencers() { return kInfluencers; }

}  // namespace parley::synth
