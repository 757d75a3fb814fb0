"""Training data for the understanding encoder, in the registers shoppers use.

Each example is one shopper message plus the agent's pending context (what it last asked or
offered: the second segment the encoder reads), labelled with intent, sentiment, category (the
catalog subCategory of the product asked for, or "none") and entity spans with a slot key and a
role (wanted / excluded / dont_care).

Held-out phrasing: every phrase list is split by a stable hash of each entry; the train and
seen-test splits draw only from the "seen" part, the held-out split only from the "held" part
(templates, request words, synonyms and brands the training split never uses).

usage: python models/nlu/generate.py --out DIR [--train N] [--test N] [--seed S]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VOCAB = json.loads((ROOT / "models/data/vocabulary.json").read_text())
SMALLTALK = ROOT / "data/smalltalk"  # the real corpora, copied into the project with their licences (data/README.md)
CONTRACT = json.loads((ROOT / "contract/nlu.json").read_text())

INTENTS = CONTRACT["intents"]
SLOT_KEYS = CONTRACT["slotKeys"]
ROLES = CONTRACT["roles"]


def held(entry: str) -> bool:
    """Stable split of a phrase-list entry: about one in five is held out."""
    return int(hashlib.sha1(entry.encode()).hexdigest()[:8], 16) % 5 == 0


KEEP = 10


class Pick:
    """Draws from phrase lists, restricted to the seen or the held-out part."""

    def __init__(self, rng: random.Random, mode: str):
        self.rng = rng
        self.mode = mode  # "seen" or "held"

    def __call__(self, options: list):
        """The first KEEP entries of a list (its canonical phrasings) are always seen; of the rest, one in
        five (by a stable hash) is held out: the held-out split draws from those, the others never do."""
        if len(options) <= KEEP:
            return self.rng.choice(options)
        rest = options[KEEP:]
        held_part = [o for o in rest if held(json.dumps(o))]
        seen_part = options[:KEEP] + [o for o in rest if not held(json.dumps(o))]
        if self.mode == "held" and held_part:
            return self.rng.choice(held_part)
        return self.rng.choice(seen_part)

    def p(self, prob: float) -> bool:
        return self.rng.random() < prob


# ---------------------------------------------------------------- catalog values and synonyms
TYPES = VOCAB["productTypes"]
SYN = VOCAB["synonyms"]
SUBCAT = {t: info["subCategory"] for t, info in TYPES.items()}
MASTER = {t: info["masterCategory"] for t, info in TYPES.items()}


def surfaces(key: str) -> dict[str, list[str]]:
    """canonical value -> the words a shopper uses for it (catalog words and synonyms)."""
    out: dict[str, list[str]] = {}
    for surface, value in SYN.get(key, {}).items():
        if " " not in value and surface == value.lower().replace(" ", ""):
            pass
        if surface.replace(" ", "") == value.lower().replace(" ", "") and " " in value and " " not in surface:
            continue  # "navyblue": an artefact, not a word
        out.setdefault(value, []).append(surface)
    for value, words in out.items():
        canon = value.lower()
        words.sort(key=lambda w: (w.replace(" ", "") != canon.replace(" ", "") and w.rstrip("s") != canon.rstrip("s"), 0))
    if key == "product_type" and "Tshirts" in out:
        out["Tshirts"] += ["t-shirt", "t-shirts", "tee shirt", "tee-shirt"]
    return out


TYPE_WORDS = surfaces("product_type")
COLOR_WORDS = surfaces("color")
GENDER_WORDS = surfaces("gender")
USAGE_WORDS = surfaces("usage")
SEASON_WORDS = surfaces("season")
# Types a shopper would ask for by name (weighted by catalog size, so common ones dominate).
COMMON_TYPES = [t for t, info in TYPES.items() if info["count"] >= 20 and t in TYPE_WORDS]
TYPE_WEIGHTS = [min(TYPES[t]["count"], 800) ** 0.6 for t in COMMON_TYPES]
BRANDS = [b for b, n in VOCAB["brands"].items() if n >= 5 and len(b) > 1]
BRAND_WEIGHTS = [min(VOCAB["brands"][b], 600) ** 0.5 for b in BRANDS]
FEATURES = [f for f in VOCAB["features"] if f in {
    "striped", "printed", "check", "solid", "leather", "canvas", "floral", "cotton", "silk", "suede", "analog",
    "digital", "polo", "embroidered", "sleeveless", "chronograph", "knitted", "fleece", "graphic", "slim fit",
    "round neck", "crew neck", "polo neck", "aviator", "denim", "skinny", "cargo", "metal", "hooded", "zip",
    "velvet", "satin", "sequin", "matte", "shimmer", "reversible", "oversized", "low rise", "mid rise",
    "polka dot", "floral printed", "graphic printed", "self striped", "pique", "washed", "tank", "wedges",
    "peep toes", "strap", "pocket", "organic cotton", "vintage", "gingham", "woven", "sporty", "slim"}]
FEATURES += ["hooded", "zip", "waterproof", "v neck", "full sleeve", "half sleeve"] if "hooded" not in FEATURES else []
# Round 5: materials and finishes the catalog names, so that an unseen one reads as a feature and not a
# colour. Appended, so the entries before them keep their seen/held-out split.
FEATURES += [f for f in ["leatherette", "polyester", "jersey", "sheer", "plated", "pearl", "crystal", "beaded", "plain",
                         "knit", "light striped", "multicoloured printed", "animal printed", "flower printed",
                         "multicoloured striped", "pique polo", "square neck", "racer back", "full coverage",
                         "ankle length"] if f in VOCAB["features"] and f not in FEATURES]

APPAREL_SIZES = {"XS": ["xs", "extra small", "size xs"], "S": ["s", "small", "size s", "sz s"],
                 "M": ["m", "medium", "size m", "med", "size medium"], "L": ["l", "large", "size l", "size large"],
                 "XL": ["xl", "extra large", "size xl", "x large"], "XXL": ["xxl", "2xl", "double xl", "size xxl"]}
NUM_WORDS = {5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve",
             1: "one", 2: "two", 3: "three", 4: "four"}


def type_family(t: str) -> str:
    return "Footwear" if MASTER[t] == "Footwear" else ("Apparel" if MASTER[t] == "Apparel" else "Other")


# ---------------------------------------------------------------- building a message with spans
class Msg:
    """A message assembled from pieces; entity pieces remember their character span."""

    def __init__(self):
        self.parts: list[tuple[str, tuple[str, str] | None]] = []

    def add(self, text: str, ent: tuple[str, str] | None = None) -> "Msg":
        if text and ent and ent[0] in ("gender", "usage", "season"):
            lead = re.match(r"^((?:for|a|an|the|my)\s+)+", text)
            if lead and lead.end() < len(text):
                self.parts.append((lead.group(0).strip(), None))
                text = text[lead.end():]
        if text:
            self.parts.append((text, ent))
        return self

    def build(self, noise) -> tuple[str, list[list]]:
        text, spans = "", []
        for piece, ent in self.parts:
            piece = noise(piece, ent is not None)
            if text and not text.endswith(" ") and not piece.startswith((" ", ",", ".", "?", "!", "'")):
                text += " "
            if ent:
                lead = len(piece) - len(piece.lstrip())
                start = len(text) + lead
                text += piece
                spans.append([start, len(text.rstrip()), ent[0], ent[1]])
            else:
                text += piece
        return re.sub(r"\s+", " ", text).strip(), spans


TYPO_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def make_noise(pk: Pick, level: float):
    def typo(word: str) -> str:
        if len(word) < 4 or not word.isalpha():
            return word
        i = pk.rng.randrange(1, len(word) - 1)
        kind = pk.rng.randrange(4)
        if kind == 0:
            return word[:i] + word[i + 1:]
        if kind == 1:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if kind == 2:
            return word[:i] + pk.rng.choice(TYPO_KEYS) + word[i + 1:]
        return word[:i] + word[i] + word[i:]

    def noise(piece: str, is_entity: bool) -> str:
        if level <= 0:
            return piece
        words = piece.split(" ")
        words = [typo(w) if pk.rng.random() < level * (1.5 if is_entity else 1) else w for w in words]
        return " ".join(words)

    return noise


# ---------------------------------------------------------------- phrase lists
FIND_OPENERS = ['', '', 'i want', 'i need', 'looking for', "i'm looking for", 'show me', 'do you have', "i'd like", 'have you got', 'do you sell', 'got any', 'can you show me', 'find me', 'i would like', 'searching for', 'need', 'any', 'is there any', 'do you guys have', 'i was wondering if you might have', 'could you help me find', 'can i see', 'let me see', "i'm after", 'i am hunting for', 'wanna see', 'trying to find', 'help me find', 'what do you have in', 'what have you got in', 'do u have', "i'm in the market for", 'hoping to find', 'can you find', 'pls show', 'i fancy', "i'm shopping for", 'could i get a look at', 'mind showing me', "i'd love to see", 'what about', 'how about', 'any chance you have', 'need to get', 'gimme', "i'm trying to track down", 'would you have', 'show', 'find', 'browsing for', 'on the hunt for']
BUY_OPENERS = [
    "i want to buy", "i'd like to buy", "i want to order", "i'd like to order", "buy", "order", "i'll take",
    "get me", "add to my cart", "i wanna buy", "purchase", "can i order", "i need to buy", "put me down for",
    "i'm ready to buy", "let me buy", "i'd like to purchase", "can i buy", "ship me", "i want to get",
]
POLITE_TAILS = ["", "", "", "please", "pls", "thanks", "if you have any", "if possible", "thank you", "asap", "🙏", "pls 🙏", "😊",
                "for a wedding", "for a trip next week", "for college", "if you've got them",
                "cheers", "ty", "plz", "?", "!", "...", "thx", "chahiye", "dikhao", "hai kya?", "milega?", "yaar"]
RUNON_STARTS = ["hey so", "ok so basically", "hi there, quick question,", "um hello,", "so yeah", "right,",
                "morning!", "hello, hoping you can help,", "hiya, so", "good evening. ", "yo", "hey again,",
                "sorry to bother you but", "long story short", "alright so"]
GIFT_FOR = [("my wife", "Women"), ("my husband", "Men"), ("my dad", "Men"), ("my mom", "Women"), ("my son", "Boys"),
            ("my daughter", "Girls"), ("my girlfriend", "Women"), ("my boyfriend", "Men"), ("my sister", "Women"),
            ("my brother", "Men"), ("her", "Women"), ("him", "Men"), ("my mum", "Women"), ("my father", "Men"),
            ("my niece", "Girls"), ("my nephew", "Boys"), ("a friend of mine, she", "Women"), ("my grandpa", "Men"),
            ("a gentleman", "Men"), ("my grandmother", "Women"), ("my aunt", "Women"), ("my uncle", "Men"),
            ("my little girl", "Girls"), ("my little boy", "Boys"), ("my teenage son", "Boys"), ("granny", "Women"),
            ("an old gentleman", "Men"), ("my mother in law", "Women"), ("my colleague, he", "Men"),
            ("my father in law", "Men"), ("my sister in law", "Women"), ("my brother in law", "Men"),
            ("my granddad", "Men"), ("my step mom", "Women"), ("my better half, she", "Women"), ("my fiance", "Men"),
            ("my fiancee", "Women"), ("my old man", "Men"), ("my grandson", "Boys"), ("my granddaughter", "Girls")]
GENDER_PHRASES = {"Men": ["men", "mens", "men's", "for men", "for a man", "gents", "male", "for him", "for guys"],
                  "Women": ["women", "womens", "women's", "for women", "ladies", "for a lady", "female", "for her",
                            "for girls"],
                  "Boys": ["boys", "for boys", "for a boy", "kids boys"], "Girls": ["girls", "for a girl", "girls'"],
                  "Unisex": ["unisex", "for anyone"]}
PRICE_MAX = ["under {n}", "below {n}", "less than {n}", "under ${n}", "no more than {n} dollars", "max {n}",
             "up to {n}", "within {n}", "budget {n}", "under {n} bucks", "cheaper than {n}", "{n} max",
             "not over {n}", "at most {n}", "for less than {n} usd", "budget is {n}", "not more than ${n}",
             "under {n} dollars", "my budget's {n}", "below ${n}", "nothing over {n}", "nothin over {n}",
             "{n} dollars or less", "{n} tops", "max budget {n}", "can't spend more than {n}", "up to ${n} max",
             "around {n}", "about {n} bucks", "no more than {n}"]
PRICE_MIN = ["over {n}", "above {n}", "more than {n}", "at least {n}", "from {n} up", "starting at {n}"]
PRICE_RANGE = ["between {a} and {b}", "{a} to {b}", "${a}-${b}", "from {a} to {b} dollars", "{a}-{b}",
               "somewhere between {a} and {b} bucks", "in the {a} to {b} range"]
QUANTITY = ["{q} of them", "{q} pairs", "{q} pieces", "x{q}", "{q} units", "a couple", "{qw} of these", "qty {q}"]
USAGE_PHRASES = {"Sports": ["for the gym", "for running", "sports", "for workouts", "for training", "sporty"],
                 "Formal": ["for office", "formal", "for work", "for the office", "business", "for meetings",
                            "for a job interview", "for an interview", "for interviews"],
                 "Casual": ["casual", "everyday", "for daily wear", "for everyday use", "casual wear"],
                 "Party": ["for a party", "party wear", "partywear", "for clubbing"],
                 "Ethnic": ["ethnic", "traditional", "for a festival", "for diwali"],
                 "Travel": ["for travel", "for travelling"]}
SEASON_PHRASES = {"Winter": ["for winter", "winter", "warm for winter"], "Summer": ["for summer", "summer"],
                  "Fall": ["for autumn", "fall"], "Spring": ["for spring", "spring"]}

EXCLUDE_PATTERNS = {  # {v} = value words; role excluded
    "color": ["not {v}", "anything but {v}", "no {v} please", "nothing in {v}", "except {v}", "not in {v}",
              "avoid {v}", "she hates {v}", "he can't stand {v}", "but not {v}", "no {v} ones",
              "anything except {v}", "i don't want {v}", "steer clear of {v}", "not {v} though",
              "please no {v}", "definitely not {v}", "{v} is a no", "skip the {v} ones", "without {v}",
              "i'm sick of {v}", "i'm done with {v}", "had enough of {v}", "bored of {v}", "no more {v}",
              "{v} nahi", "tired of {v}", "so over {v}", "nothing {v}"],
    "brand": ["not {v}", "anything but {v}", "no {v}", "except {v}", "not from {v}", "avoid {v}",
              "i don't like {v}", "not a fan of {v}", "nothing from {v}", "other than {v}", "not {v} please",
              "any brand except {v}", "i'm done with {v}", "{v} is a no"],
    "features": ["no {v}", "without {v}", "not {v}", "nothing {v}", "non {v}", "i don't want {v}", "no {v} please"],
    "usage": ["not {v}", "nothing too {v}"],
}
DONT_CARE_PATTERNS = {  # {k} = the key word; role dont_care, span on the key word
    "color": ["any {k}", "any {k} is fine", "{k} doesn't matter", "not fussy about the {k}", "whatever {k}",
              "{k} is not important", "don't care about {k}", "i don't mind the {k}", "any {k} works",
              "open on {k}", "no preference on {k}", "{k} whatever", "the {k} is up to you", "{k}: any",
              "any {k} will do", "happy with any {k}", "{k} not a big deal"],
    "brand": ["any {k}", "{k} doesn't matter", "any {k} is fine", "don't care about the {k}", "whatever {k}",
              "not fussy about {k}", "no {k} preference", "i'm not picky about {k}", "{k} is irrelevant",
              "any {k} will do", "open to any {k}", "{k} not important"],
    "size": ["any {k}", "{k} doesn't matter"],
}
EXCLUDE_REASONS = ["she can't stand {v}", "he hates {v}", "{v} doesn't suit me", "i look awful in {v}",
                   "i already have too much {v}", "{v} makes me look pale", "she never wears {v}",
                   "i've got enough {v} stuff", "my wife dislikes {v}", "{v} is not my thing", "{v} washes me out",
                   "he says {v} is boring"]
KEY_WORDS = {"color": ["colour", "color", "colours", "shade"], "brand": ["brand", "brands", "make", "label"],
             "size": ["size", "sizing"]}
PENDING_DONT_CARE = ["any", "anything", "whatever", "don't mind", "i don't mind", "no preference", "doesn't matter",
                     "any is fine", "up to you", "surprise me", "not fussy", "dealer's choice", "you choose",
                     "any will do", "whatever you have", "no idea, anything", "i'm easy", "dont care",
                     "anything's fine", "not bothered", "no strong feelings", "you pick", "whichever"]
QUESTION_WORDS = {"product_type": "what product", "size": "size", "color": "colour", "brand": "brand",
                  "gender": "who it is for"}

ORDER_NOW = ['place the order', 'pls order', 'order it', 'order it pls', 'order now', 'go ahead and order', 'place order',
             'yes order it', 'buy it now', 'checkout pls', 'get it for me', 'order kar do', 'le lo', 'book kar do', 'haan, order it',
             'ok place it', 'send it', 'ship it', 'confirm the order', 'go ahead, place it', 'order that one', 'yes pls order',
             # round 5: the bare command with a politeness or Hinglish word after it, read as tracking before
             'order pls', 'order please', 'order plz', 'order karo', 'order kar dijiye', 'ok order', 'please order',
             'order this one', 'just order it', 'order it now please', 'yes order', 'order krdo', 'ok then order']
AFFIRM = ['yes', 'yes please', 'yeah', 'yep', 'sure', 'ok', "i'll take it", 'go ahead', 'alright', 'sounds good', 'okay', 'do it', 'perfect, yes', "let's do it", 'confirm', 'yes, place the order', 'absolutely', 'definitely', 'yup', 'yeah go for it', 'book it', 'sold', 'deal', 'great, yes', 'go on then', 'that works', 'ring it up', '👍', 'yes!', 'yea', 'sure thing', 'why not', 'ya', 'lovely, yes please', 'yess', 'yeah that one', "that's the one", 'ok cool, yes', 'please do', "yes i'll have it", 'sure, order it', 'absolutely, go ahead', 'fine by me', 'of course', "yep, that's perfect", 'go for it', 'sounds great', "yes that's fine", 'ok buy it', 'confirmed', "that's lovely, thank you. i'll take it", "that one's perfect, go ahead", 'yes please order that', "brilliant, i'll have it", "ok let's go with that", 'sounds perfect, buy it', 'yes, that works for me']
DENY = ['no', 'nope', 'no thanks', 'nah', 'not really', 'no thank you', "i'll pass", 'not now', 'maybe later', 'not for me', "i'll think about it", 'nah im good', 'no, too expensive', 'hmm, not really my style', 'not today', 'cancel', "don't", 'no way', "i'd rather not", 'no thanks, just browsing', 'pass', 'not interested', 'nope, leave it', "no, that's too much", 'let me think about it', 'not quite', 'hmm no', 'no, thanks anyway', "i don't think so", 'not this one', "no don't order", 'negative', 'not right now', 'no, just looking', 'hmm maybe not', 'bit much for me', 'nah, not feeling it', "no thanks, i'll keep looking", 'not that one',
        # round 5: declines that end politely, read as goodbyes before
        "i'll leave it", 'leave it', "i'll give it a miss", "i'll skip it", 'skip this one', "no i'm ok", "i'm good, no",
        "i'll pass on that one", 'no, leave it', "think i'll leave it", "nah i'll leave that", 'not buying this one']
GREETINGS = ['hi', 'hello', 'hey', 'hiya', 'yo', 'hey there', 'hi there', 'good morning', 'good evening', 'hii', 'good afternoon', 'howdy', 'hello!', 'heya', 'helloo', 'hey hey', 'greetings', 'morning', 'hi team', 'hello there', 'sup', 'hey!', 'namaste', 'hi hi', 'evening', 'hey, anyone there?', 'good evening, anyone there?', 'hello? is this working', "hi, hope you're well", 'hey hey hey', 'good morning to you', 'hello shop', "yo what's up", 'hi!! 😊', 'hiya, you there?',
    'hey, you around?', 'anybody home?', 'hello, anyone?', 'hi is someone there', 'yo yo', 'good day', 'heyyy', 'hello hello', 'hi friend', 'hey buddy', 'hola', 'salaam', 'namaskar', 'hi, can you hear me', 'hello, testing', 'ahoy', 'morning all', 'hey, is this the shop?', 'hi, is this thing on', 'hello? anyone around?', "g'day", 'wassup, anyone there', 'hi, new here', 'hey, just got here']
GOODBYES = ['bye', 'goodbye', 'thanks, bye', 'see you', "that's all, thanks", 'gotta go', "i'm done", 'have a good day', 'see ya later', 'cya', 'talk later', 'bye bye', 'later', 'ok bye', "that's it for today", 'nothing else, thanks', "that's everything", 'take care', 'ttyl', 'cheers, bye', 'night', "i'm all set, thanks", 'ok thats all', 'catch you later', "i'm off", "thanks, that's all i needed", "no that's all", 'have a nice one', 'bye for now', 'goodnight', "that's me sorted, cheers", 'all good, thanks a lot', "that'll be all", "i'm good for now thanks", "ok that's everything, have a good one", "perfect, that's all from me", 'thanks for your help, bye', 'great stuff, see ya', "right, i'm off, thanks", 'nothing more today', 'cheers mate', 'ok thank you, goodbye', 'brilliant, thanks, bye',
    'see ya', 'laters', 'bye now', 'gotta run', 'i have to go now', 'signing off', 'peace out', 'talk to you soon', 'until next time', 'ok ciao', 'alvida', 'chalo bye', "ok thanks, i'm leaving", "that's it, bye", 'leaving now', 'catch ya', 'adios', 'see you around', 'nothing more, thank you', 'that would be all, cheers', 'done for today, thanks', 'later gator', "ok i'm out", 'bye, thanks for everything']
TRACK = ["where is my order", "where's my package", "track my order", "has my order shipped", "order status",
         "when will my order arrive", "can you check on my last order", "my parcel hasn't arrived yet",
         "is my order on the way", "when will it get here", "status of my purchase please",
         "it's been a week and nothing has arrived", "any update on my delivery", "where's my stuff",
         "did my order ship yet", "tracking info for {oid}", "what's happening with {oid}",
         "can you tell me where {oid} is", "order {oid} status?", "has {oid} been dispatched",
         "i ordered {a} {t} last week, where is it", "my {t} still hasn't come", "when do i get my {t}",
         "check delivery status", "i'm still waiting for my order", "how long until my package arrives",
         "is my {t} delivered yet", "my order number is {oid}, where is it",
    "my package hasn't shown up", 'been waiting ages for my parcel', 'where the heck is my delivery', "it's been 10 days, where is my stuff", 'my order is late', "why hasn't my {t} arrived", 'any news on my order?', 'delivery was supposed to be yesterday', 'mera order kab aayega', 'order kahan hai', 'parcel abhi tak nahi aaya', 'can you see where my parcel is', 'tracking number please', 'is {oid} out for delivery', 'still no sign of my {t}', 'was my order dispatched', 'estimated delivery date for my order?', 'when does my stuff get here', "my delivery hasn't come, can you check", 'waiting on my package for days now', 'i placed an order on monday, has it shipped', "what's the eta on my order", 'is my parcel stuck somewhere', 'order kab tak pahunchega', 'track {oid}']
RETURN = ["i want to return this", "how do i return an item", "i'd like a refund", "can i send it back",
          "return my order", "i want my money back", "how do returns work", "can i exchange it for another size",
          "i need to return the {t} i bought", "the {t} don't fit, can i return them", "refund for {oid} please",
          "i want to return {oid}", "what's your return policy", "can i swap the {t} for a bigger size",
          "start a return", "the {a} {t} i got is too small, i want to send it back", "return request",
          "i changed my mind about the {t}, refund please", "is it possible to return worn shoes",
          "how many days do i have to return something", "exchange please, wrong size"]
COMPLAINT = ["this is terrible service", "my {t} arrived damaged", "the {t} fell apart after one wash",
             "i'm really unhappy with my order", "you sent me the wrong size", "the colour is nothing like the picture",
             "worst shopping experience ever", "the package was soaking wet when it arrived",
             "the {a} {t} i bought is faulty", "this is unacceptable", "i've been waiting forever, this is a joke",
             "the stitching on my {t} came undone", "i was charged twice", "your delivery guy was rude",
             "the zip broke on day one", "i'm very disappointed", "the {t} smell weird", "what a rip off",
             "the quality is awful", "i received a used item", "my order came with a missing piece",
             "you people are useless", "i'm fed up with this", "the box was crushed and the {t} scuffed",
             "why is it so hard to get a simple order right", "not impressed at all with the {t}",
             "the courier was so rude to me", "your staff are hopeless", "nobody answers my emails",
             "customer service here is a joke", "i got the wrong item", "the sole came off my {t}",
             "the print faded after a week", "you lot are hopeless", "this shop is a scam",
             "i'm so angry about my order", "three weeks and still no refund", "my {t} has a hole in it",
             "so disappointed with the quality", "your service is pathetic", "the delivery man threw my parcel",
             "the {t} you sent are fake", "half my order is missing", "the {t} ripped the first time i wore them",
             "i've been overcharged", "nobody here knows what they're doing", "the size chart is completely wrong",
             "worst {t} i have ever bought", "bahut bekaar service", "your app keeps charging me and nothing arrives",
    'this is the worst app', 'you guys are a joke', 'useless service', 'what a waste of time', "i'm furious", 'the quality is rubbish', 'my {t} broke after two days', 'this is a disgrace', 'you never deliver on time', 'everything about this order went wrong', 'your team is incompetent', 'utterly disappointed', 'totally unacceptable service', "i'm never shopping here again", 'bekar quality hai', 'the {t} looks cheap and nasty', 'the {t} shrank in the wash', "my refund still hasn't come through and i'm livid", "you've wasted my whole week"]
SARCASM = ["oh great, {c}", "{c}. fantastic job guys", "wow, {c}. brilliant", "thanks a lot, {c}",
           "just perfect, {c}", "{c}. amazing service, really", "well done guys, {c}", "love that {c}. not",
           "oh wonderful, {c}", "{c}... great work", "superb, {c}", "{c}. five stars, really impressive",
           "{c}, thanks so much for nothing", "nice one, {c}", "bravo, {c}"]
SUPPORT = ['i need help', 'help', 'can i talk to a real person', 'let me speak to a human', 'i want a manager', 'customer service please', 'what can you do', 'what can you help me with', 'do you take paypal', 'how long does delivery take', 'get me a human now', 'do you ship to {city}', 'what payment methods do you accept', 'can i pay cash on delivery', 'how much is shipping', 'is there free delivery', 'connect me to an agent', 'i want to talk to someone', 'how do i contact support', 'i need an operator', 'this bot is useless, give me a person', 'put me through to staff', 'speak to a representative', 'do you deliver on weekends', 'can i change my delivery address', 'how do i use a coupon', 'is my payment secure', 'i need to update my email', 'can someone from your team call me', 'i demand to speak to your supervisor', 'can a human help me instead', 'do you accept credit cards', 'this is ridiculous, i want to speak to a real person now', 'get me your manager!!', 'transfer me to a human', "i don't want a bot, i want a person", 'is there anyone real i can talk to', 'how do i change the delivery address on my order', 'can i pay in installments', 'do you do gift wrapping', 'what are your opening hours', 'escalate this please',
    'i need to change my password', 'how do i delete my account', 'can i update my phone number', "i can't log in", 'how do i reset my password', 'can i change my billing address', 'do you have a helpline number', 'how do i cancel my subscription', 'is cod available', 'can i get an invoice for my order', 'can i speak with someone please', "i'd like to talk to staff", 'how do i apply a promo code', 'do you deliver to {city}', 'is there a warranty', 'i want to update my account details', 'koi insaan se baat karao']
TRENDING = ["what's trending", "what's popular right now", "show me bestsellers", "what's hot", "top picks?",
            "what are people buying", "most popular {t}", "trending {t} for {g}", "bestselling {t}",
            "what's in fashion this season", "what's everyone wearing", "popular {t} right now",
            "show me what's trending in {t}", "any hot picks", "what sells the most", "new arrivals?",
            "show me your best selling {t} for {g}", "what {t} are popular", "your top sellers in {t}", "most popular right now?",
            "what's in style", "which {t} sell best"]
SIMILAR = ["anything similar?", "show me something similar", "more like this", "got other options like this one?",
           "anything else like that", "similar ones please", "other options?", "show me alternatives",
           "something like the last one", "do you have others like it", "any other ones", "what else you got",
           "anything cheaper?", "another colour?", "do you have it in another colour", "something cheaper maybe",
           "a different one please", "next one", "show me another", "any other brands like this",
    'show me more', 'what else do you have', 'can you show me what you have?', 'show me other options', 'any more?', 'got anything else?', 'let me see more options', 'more options please', 'show me the rest', 'kuch aur dikhao', 'what are the alternatives', 'other colours?']
# A bare attribute word asks about the options ("colours?"): a product question, never a product or a don't-care.
OPTION_QUESTIONS = ["colour", "colours?", "color?", "what colours", "which colors", "size?", "sizes", "what sizes",
                    "brands?", "which brands", "other colours", "colour options", "shades?", "any other shades",
                    "material?", "fabric", "what brand"]
PRODUCT_QUESTIONS = ["how much is it?", "what sizes does it come in?", "is it in stock?", "what is it made of?",
                     "how much?", "what colours does it come in", "is that the price with tax?", "is it cotton?",
                     "how many are left", "which one is cheaper?", "does it run small?", "is it waterproof?",
                     "what's the price of the first one", "tell me more about it", "what brand is it?"]
PICKS = ["the second one", "the first one", "i'll go with the third", "number 2", "the last one",
         "the {b} one", "that second one looks nice", "option 3", "the cheapest one", "i'll take the second one",
         "get me the first one", "the 2nd, buy it", "i want the {b} one", "go with number 3", "first one pls",
         "the third looks good, i'll have that", "ok the last one then", "gimme the {b} one", "2nd one",
         "pehla wala", "i choose the fourth", "the {b} please", "let's do the first one", "that one, the second"]
PICK_LOOKS = ["show me the first", "tell me about the second one", "what's the third one like",
              "more about the {b} one", "can i see the last one", "details of number 2"]
CHIT_EXTRA = ['you did a fantastic job', "you're awesome", 'thanks for the help', 'tell me a joke', "how's your day going", 'are you a bot', "what's your name", 'wassup', 'lol', 'thank you so much', 'do you ever sleep', 'haha nice', "you're funny", 'do you get tired of this job', "what's the weather like", 'how old are you', 'are you human', 'who made you', 'nice!', 'cool cool', 'you rock', 'great job guys', 'do you like your job', "i'm bored", 'good bot', 'wow you did a fantastic job, that was quick', 'haha ok', 'good to hear', "you're very helpful", 'what do you do for fun', 'are you a real person?', "that's funny", "omg you're fast",
    "what's up with you", 'do you have feelings', 'are you an ai', 'sing me a song', "what's 2 plus 2", 'do you like cricket', 'what time is it', "you're cute", 'tell me something fun', 'how are you', "how's it going", 'are you real', 'what are you', 'lovely weather today', "it's so hot today", 'i had a long day', "you're the best", 'do you dream', "what's your favourite colour", 'kya haal hai', "ha that's hilarious", 'can you dance', 'ok cool', 'i love this shop', "you're smarter than i thought"]
# Things the shop does not sell: a request for one is still a product request (the agent says it lacks it).
NOT_CARRIED = ["laptops", "a laptop", "mobile phones", "a phone", "an iphone", "a tv", "televisions", "a fridge",
               "a sofa", "a mattress", "groceries", "rice", "vegetables", "books", "a bicycle", "furniture",
               "a microwave", "headphones", "earbuds", "car tyres", "medicines", "dog food", "lego", "a cricket bat",
               "a gaming console", "paint", "a washing machine", "printer ink", "a smartwatch charger", "curtains",
               "bed sheets", "a kettle", "tomatoes", "a power bank", "an air conditioner", "kitchen knives"]
NOT_CARRIED_ASKS = ["do you sell {x}", "do you have {x}", "i need {x}", "looking for {x}", "got any {x}?",
                    "can i buy {x} here", "i want {x}", "show me {x}", "do you guys stock {x}", "any {x}?",
                    "where can i find {x} on this site", "i'm after {x}", "do u carry {x}", "need {x} urgently",
                    "{x} chahiye", "is there {x} in your shop", "can you find me {x}", "hey, {x}?"]
CITIES = ["london", "mumbai", "pune", "new york", "berlin", "delhi", "toronto", "sydney", "paris", "bangalore"]

# Trap sentences: words of one intent inside another.
TRAPS = [
    ("i need a rain jacket for wet weather", "find_product", [("rain jacket", "product_type", "wanted")]),
    ("looking for a return gift for my sister", "find_product", [("sister", "gender", "wanted")]),
    ("need a return gift for the kids party, maybe socks", "find_product", [("socks", "product_type", "wanted")]),
    ("my wife wants a bag, nothing damaged please lol", "find_product", [("wife", "gender", "wanted"), ("bag", "product_type", "wanted")]),
    ("do you have wet look leggings", "find_product", [("leggings", "product_type", "wanted")]),
    ("broken in leather boots would be ideal", "find_product", [("leather", "features", "wanted")]),
    ("thats all i need, a black belt", "find_product", [("black", "color", "wanted"), ("belt", "product_type", "wanted")]),
    ("my old shoes fell apart so i need new running shoes", "find_product", [("running shoes", "product_type", "wanted")]),
    ("i'm not happy with my current wallet, show me leather ones", "find_product", [("wallet", "product_type", "wanted"), ("leather", "features", "wanted")]),
    ("a watch that won't break when i run", "find_product", [("watch", "product_type", "wanted")]),
    ("help me pick a dress for a party", "find_product", [("dress", "product_type", "wanted"), ("party", "usage", "wanted")]),
    ("i hate shopping but i need jeans", "find_product", [("jeans", "product_type", "wanted")]),
    ("where can i find sunglasses", "find_product", [("sunglasses", "product_type", "wanted")]),
    ("order status of my mood: needs new sneakers", "find_product", [("sneakers", "product_type", "wanted")]),
]


# ---------------------------------------------------------------- pieces
# A usage said as an adjective before the product ("formal trousers", "party dress"); never for a type whose
# own name holds the word ("formal shoes", "sports shoes" are types).
USAGE_ADJECTIVES = [("formal", "Formal"), ("casual", "Casual"), ("party", "Party"), ("ethnic", "Ethnic"),
                    ("sports", "Sports"), ("office", "Formal"), ("everyday", "Casual"), ("festive", "Ethnic"),
                    ("partywear", "Party"), ("gym", "Sports"), ("traditional", "Ethnic"), ("workout", "Sports")]


def add_usage_adjective(m: Msg, pk: Pick, t: str) -> None:
    word, _ = pk(USAGE_ADJECTIVES)
    if word not in t.lower() and not any(word in w for w in TYPE_WORDS.get(t, [])):
        m.add(word, ("usage", "wanted"))


def type_phrase(pk: Pick, t: str, plural_ok=True) -> str:
    words = TYPE_WORDS.get(t, [t.lower()])
    return pk(words)


def add_color(m: Msg, pk: Pick, t: str | None, role="wanted"):
    pool = TYPES[t]["colours"] if t else VOCAB["colors"]
    c = pk([c for c in pool if c in COLOR_WORDS] or ["Black"])
    m.add(pk(COLOR_WORDS[c]), ("color", role))
    return c


def add_brand_word(pk: Pick) -> str:
    b = pk.rng.choices(BRANDS, BRAND_WEIGHTS)[0] if pk.mode == "seen" else pk(BRANDS)
    return b if pk.p(0.5) else b.lower()


def size_words(pk: Pick, t: str) -> tuple[str, str, bool]:
    """(value, words, words-include-'size')"""
    fam = type_family(t)
    if fam == "Footwear":
        n = pk.rng.randint(5, 12)
        # A bare number after a shoe is its size: prices always come with a word (under, max, $, budget).
        w = pk([f"size {n}", f"{n}", f"uk {n}", f"size {NUM_WORDS[n]}", f"sz {n}", f"a {n}", f"us {n}", f"{n}s", f"{n}", f"{n}"])
        return str(n), w, True
    s = pk(list(APPAREL_SIZES))
    return s, pk(APPAREL_SIZES[s]), True


def random_type(pk: Pick) -> str:
    if pk.mode == "held":
        return pk(COMMON_TYPES)
    return pk.rng.choices(COMMON_TYPES, TYPE_WEIGHTS)[0]


def find_request(pk: Pick, buy=False) -> tuple[Msg, str, str]:
    """A product request in one of many registers. Returns (msg, intent, product type)."""
    t = random_type(pk)
    m = Msg()
    style = pk.rng.random()
    if style < 0.3 and not buy:  # keyword query, random order of attributes
        bits = []
        if pk.p(0.4):
            bits.append(("brand", add_brand_word(pk)))
        if pk.p(0.5):
            c = pk([c for c in TYPES[t]["colours"] if c in COLOR_WORDS] or ["Black"])
            bits.append(("color", pk(COLOR_WORDS[c])))
        if pk.p(0.35):
            g = pk(TYPES[t]["genders"])
            bits.append(("gender", pk(GENDER_PHRASES.get(g, ["unisex"])).replace("for ", "")))
        if pk.p(0.5 if type_family(t) == "Footwear" else 0.3) and type_family(t) != "Other":
            _, w, _ = size_words(pk, t)
            bits.append(("size", w))
        if pk.p(0.15):
            bits.append(("features", pk(FEATURES)))
        pk.rng.shuffle(bits)
        cut = pk.rng.randint(0, len(bits))
        for k, w in bits[:cut]:
            m.add(w, (k, "wanted"))
        if pk.p(0.1) and type_family(t) != "Footwear":
            add_usage_adjective(m, pk, t)
        m.add(type_phrase(pk, t), ("product_type", "wanted"))
        for k, w in bits[cut:]:
            m.add(w, (k, "wanted"))
        if pk.p(0.2):
            add_price(m, pk)
        if pk.p(0.25):  # "blue shirt please", "black handbag pls 🙏": still a search, not an answer or an order
            m.add(pk(["please", "pls", "plz", "please 🙏", "🙏", "thanks", "thx", "😊", "pls 🙏🙏", "asap", "please!"]))
        return m, "find_product", t
    if style < 0.45 and not buy:  # gift for someone
        who, g = pk(GIFT_FOR)
        if g not in TYPES[t]["genders"]:
            g = None
        m.add(pk(["need a gift for", "looking for something for", "buying a present for", "what can i get",
                  "shopping for", "birthday gift for", "i want to surprise", "gift ideas for", "present for"]))
        m.add(who, ("gender", "wanted") if g else None)
        m.add(pk(["", ",", "- maybe", "maybe a", "something like a", "thinking", "probably a", "- any ideas?",
                  "who wants"]))
        if pk.p(0.5):
            add_color(m, pk, t)
        m.add(type_phrase(pk, t), ("product_type", "wanted"))
        add_tail(m, pk, t)
        return m, "find_product", t
    if style < 0.55 and not buy:  # run-on
        m.add(pk(RUNON_STARTS))
        m.add(pk(["i've got a thing coming up and", "my old ones died and", "i'm going on holiday so",
                  "i just started a new job and", "it's getting cold and", "i spilled coffee on mine so",
                  "my mate recommended you and", "", "i'm trying to refresh my wardrobe,"]))
        m.add(pk(FIND_OPENERS[3:]))
        if pk.p(0.6):
            add_color(m, pk, t)
        m.add(type_phrase(pk, t), ("product_type", "wanted"))
        add_tail(m, pk, t)
        add_tail(m, pk, t)
        return m, "find_product", t
    # request sentence
    m.add(pk(BUY_OPENERS if buy else FIND_OPENERS))
    if pk.p(0.12):
        q = pk.rng.choice([2, 2, 3, 4, 5, 10, 20, 50])
        m.add(pk([str(q), NUM_WORDS.get(q, str(q))]), ("quantity", "wanted")).add(pk(["", "pairs of", "of the", ""]))
    else:
        m.add(pk(["", "", "a", "some", "a pair of", "an", "the", "a nice", "good", "cheap", "new"]))
    if pk.p(0.3):
        m.add(add_brand_word(pk), ("brand", "wanted"))
    if pk.p(0.5):
        add_color(m, pk, t)
    if pk.p(0.15):
        m.add(pk(FEATURES), ("features", "wanted"))
    if pk.p(0.1) and type_family(t) != "Footwear":
        add_usage_adjective(m, pk, t)
    m.add(type_phrase(pk, t), ("product_type", "wanted"))
    add_tail(m, pk, t)
    if pk.p(0.3):
        add_tail(m, pk, t)
    m.add(pk(POLITE_TAILS))
    return m, "buy_product" if buy else "find_product", t


def add_price(m: Msg, pk: Pick):
    r = pk.rng.random()
    a = pk.rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100, 120, 150, 200])
    if r < 0.6:
        tpl = pk(PRICE_MAX)
        pre, post = tpl.split("{n}")
        m.add(pre.strip()).add(str(a), ("price_max", "wanted")).add(post.strip())
    elif r < 0.75:
        tpl = pk(PRICE_MIN)
        pre, post = tpl.split("{n}")
        m.add(pre.strip()).add(str(a), ("price_min", "wanted")).add(post.strip())
    else:
        b = a + pk.rng.choice([10, 20, 30, 50, 100])
        tpl = pk(PRICE_RANGE)
        p1, rest = tpl.split("{a}")
        p2, p3 = rest.split("{b}")
        m.add(p1.strip()).add(str(a), ("price_min", "wanted")).add(p2.strip()).add(str(b), ("price_max", "wanted")).add(p3.strip())


def add_tail(m: Msg, pk: Pick, t: str):
    """One more constraint after the product words."""
    r = pk.rng.random()
    fam = type_family(t)
    if r < 0.18 and fam != "Other":
        _, w, _ = size_words(pk, t)
        m.add(pk(["in", "", "size", ",", "in a"]) if not w.startswith(("size", "sz", "uk", "us")) else "")
        m.add(w, ("size", "wanted"))
    elif r < 0.3:
        g = pk(TYPES[t]["genders"])
        m.add(pk(GENDER_PHRASES.get(g, ["unisex"])), ("gender", "wanted"))
    elif r < 0.42:
        add_price(m, pk)
    elif r < 0.5:
        u = pk(list(USAGE_PHRASES))
        m.add(pk(USAGE_PHRASES[u]), ("usage", "wanted"))
    elif r < 0.55:
        s = pk(list(SEASON_PHRASES))
        m.add(pk(SEASON_PHRASES[s]), ("season", "wanted"))
    elif r < 0.63:
        m.add(pk(["from", "by", "made by", "", "brand"])).add(add_brand_word(pk), ("brand", "wanted"))
    elif r < 0.73:
        add_exclusion(m, pk, t)
    elif r < 0.8:
        add_dont_care(m, pk)
    elif r < 0.85:
        m.add(pk(["in", "", "with", "that is"])).add(pk(FEATURES), ("features", "wanted"))
    elif r < 0.9:
        tpl = pk(QUANTITY)
        q = pk.rng.randint(2, 4)
        pre, _, post = tpl.partition("{q}") if "{q}" in tpl else tpl.partition("{qw}")
        if "{" in tpl:
            m.add(pre.strip()).add(str(q) if "{q}" in tpl else NUM_WORDS[q], ("quantity", "wanted")).add(post.strip())
        else:
            m.add(tpl, ("quantity", "wanted"))
    else:
        m.add(pk(["in", "", "preferably", "ideally"]))
        add_color(m, pk, t)


def add_exclusion(m: Msg, pk: Pick, t: str | None):
    key = pk.rng.choices(["color", "brand", "features"], [0.55, 0.3, 0.15])[0]
    tpl = pk(EXCLUDE_PATTERNS[key])
    pre, post = tpl.split("{v}")
    if key == "color":
        pool = [c for c in (TYPES[t]["colours"] if t else VOCAB["colors"]) if c in COLOR_WORDS]
        v = pk(COLOR_WORDS[pk(pool or ["Red"])])
    elif key == "brand":
        v = add_brand_word(pk)
    else:
        v = pk(["leather", "suede", "polyester", "hood", "hooded", "prints", "printed", "stripes", "logo", "zip",
                "sleeveless", "synthetic", "plastic", "metal", "canvas", "heels"])
    m.add(pk(["", ",", "but", "and", "-"]) if pk.p(0.5) else "")
    m.add(pre.strip()).add(v, (key, "excluded")).add(post.strip())
    if key == "color" and pk.p(0.2):  # a reason that names the colour again: still excluded
        pre, post = pk(EXCLUDE_REASONS).split("{v}")
        m.add(pk([",", "-", "", "because", "coz"])).add(pre.strip()).add(v, (key, "excluded")).add(post.strip())


def add_dont_care(m: Msg, pk: Pick):
    key = pk.rng.choices(["color", "brand", "size"], [0.5, 0.45, 0.05])[0]
    tpl = pk(DONT_CARE_PATTERNS[key])
    pre, post = tpl.split("{k}")
    m.add(pk(["", ",", "and", "-", "btw"]))
    m.add(pre.strip()).add(pk(KEY_WORDS[key]), (key, "dont_care")).add(post.strip())


# ---------------------------------------------------------------- contexts (the second segment)
def ctx_question(key: str) -> str:
    return f"asked {QUESTION_WORDS[key]}"


def _display_names() -> list[str]:
    with open(ROOT / "data/catalog/styles.csv", encoding="utf-8") as f:
        rows = f.read().splitlines()[1:]
    names = [r.split(",", 9)[-1] for r in rows[::7] if r.count(",") >= 9]
    return [n for n in names if 3 <= len(n) <= 80]


DISPLAY_NAMES = _display_names()


def ctx_offer(pk: Pick) -> str:
    """What the agent offered, as the runtime says it: the product's display name."""
    return f"offered {pk.rng.choice(DISPLAY_NAMES)}".lower()


CTX_NONE = "nothing pending"
CTX_LIST = "showed a list"
CTX_ORDER = "asked order number"


# ---------------------------------------------------------------- example makers
def ex(text_spans, intent, ctx, sentiment="neutral", category="none", register="request"):
    text, spans = text_spans
    return {"text": text, "context": ctx, "intent": intent, "sentiment": sentiment, "category": category,
            "spans": spans, "register": register}


def any_ctx(pk: Pick, search_weight=0.5) -> str:
    r = pk.rng.random()
    if r < 1 - search_weight:
        return CTX_NONE
    r = pk.rng.random()
    if r < 0.5:
        return ctx_question(pk(["product_type", "size", "color", "brand", "gender"]))
    if r < 0.8:
        return ctx_offer(pk)
    return CTX_LIST


# Small talk before a request: the request is what the turn is for.
CHAT_LEADS = ["haha nice.", "lol ok,", "haha ok then,", "cool, thanks!", "great, thanks.", "nice one!", "ha, good one.",
              "thanks for that.", "i'm good, thanks.", "all good here.", "haha you're funny.", "lovely, thanks,",
              "ok cool.", "that's great to hear.", "hehe ok", "not bad, you?", "doing well, thanks!", "lol",
              "sweet.", "awesome, thanks!"]


def mk_find(pk, noise, buy=False):
    m, intent, t = find_request(pk, buy)
    if pk.p(0.06):
        m.parts.insert(0, (pk(CHAT_LEADS), None))
    ctx = any_ctx(pk, 0.35)
    return ex(m.build(noise), intent, ctx, "neutral", SUBCAT[t], "buy" if buy else "request")


def mk_inform(pk, noise):
    """A terse answer to the agent's question, or a correction during a search."""
    t = random_type(pk)
    key = pk(["size", "color", "brand", "product_type", "gender", "size", "color"])
    if key == "size" and type_family(t) == "Other":
        key = "color"
    ctx = ctx_question(key) if pk.p(0.8) else pk([ctx_offer(pk), CTX_LIST])
    m = Msg()
    r = pk.rng.random()
    if r < 0.1 and ctx.startswith("asked") and key in DONT_CARE_PATTERNS:  # "i'm not fussy about the colour"
        m.add(pk(["", "", "honestly", "oh", "i'm", "tbh i'm", "well", "really,"]))
        pre, post = pk(DONT_CARE_PATTERNS[key]).split("{k}")
        m.add(pre.strip()).add(pk(KEY_WORDS[key]), (key, "dont_care")).add(post.strip())
        m.add(pk(["", "", "really", "tbh", ", just show me something", ", surprise me", "!", "."]))
        return ex(m.build(noise), "inform", ctx, "neutral", "none", "dont_care")
    if r < 0.18 and ctx.startswith("asked"):  # don't care for the pending key
        m.add(pk(["", "hmm", "honestly", "oh", "um", "tbh"]))
        m.add(pk(PENDING_DONT_CARE), (key if key in ("color", "brand", "size", "gender", "product_type") else "color", "dont_care"))
        m.add(pk(["", "really", "tbh", "to be honest", ", surprise me", "!", "."]))
        return ex(m.build(noise), "inform", ctx, "neutral", "none", "dont_care")
    if ctx.startswith("offered") and pk.p(0.08):  # "brand doesn't matter" while an offer stands refines, not declines
        m.add(pk(["", "hmm", "no,", "actually", "oh"]))
        add_dont_care(m, pk)
        m.add(pk(["", "just show me something", "really", "."]))
        return ex(m.build(noise), "inform", ctx, "neutral", "none", "dont_care")
    if ctx.startswith("offered") and pk.p(0.2):  # a quantity change before confirming
        q = pk.rng.randint(2, 5)
        m.add(pk(["make that", "actually make it", "can i get", "change it to", "i need", "make it", "actually i want", "could i have",
                  "qty", "quantity", "quantity:", "i need", "order"]))
        m.add(pk([str(q), NUM_WORDS[q]]), ("quantity", "wanted"))
        m.add(pk(["pairs", "of them", "please", "", "instead", "units", "pieces"]))
        return ex(m.build(noise), "inform", ctx, "neutral", "none", "answer")
    if ctx.startswith("offered") or ctx == CTX_LIST:
        m.add(pk(["", "", "actually", "actually make it", "hmm actually", "no wait,", "can i get it in", "make it",
                  "oops sorry i meant", "sorry, i meant", "i meant", "change the colour to", "change it to size",
                  "change it to", "switch to", "instead i'd like", "oh, in", "do you have it in", "rather",
                  "no, in", "no sorry,", "could it be", "what about in"]))
    else:
        m.add(pk(["", "", "", "um", "hmm", "ok", "i think", "probably", "let's say", "maybe", "ideally", "er", "uh",
                  "erm", "umm", "well", "so", "uhh", "hmm ok", "like", "ah", "oh", "mm", "achha"]))
    k = key
    if k == "size":
        _, w, _ = size_words(pk, t)
        m.add(pk(["", "", "", "she's a", "he's a", "i'm a", "usually a", "i wear", "he wears", "she wears", "we need"]))
        m.add(w, ("size", "wanted"))
    elif k == "color":
        add_color(m, pk, t)
    elif k == "brand":
        m.add(add_brand_word(pk), ("brand", "wanted"))
    elif k == "gender":
        g = pk(TYPES[t]["genders"])
        words = [w for w in GENDER_PHRASES.get(g, ["unisex"])]
        m.add(pk(["", "", "", "for me,", "it's for", "they're for"]))
        m.add(pk(words + [w for w, gg in GIFT_FOR if gg == g][:3] + (["a guy"] if g == "Men" else ["a woman"] if g == "Women" else [])), ("gender", "wanted"))
    else:
        m.add(type_phrase(pk, t), ("product_type", "wanted"))
    if pk.p(0.35):  # a second detail
        k2 = pk(["size", "color", "brand", "price", "exclude", "dont_care"])
        m.add(pk([",", "and", "", "&"]))
        if k2 == "size" and type_family(t) != "Other":
            _, w, _ = size_words(pk, t)
            m.add(w, ("size", "wanted"))
        elif k2 == "color":
            add_color(m, pk, t)
        elif k2 == "brand":
            m.add(add_brand_word(pk), ("brand", "wanted")).add(pk(["", "if possible", "ideally"]))
        elif k2 == "price":
            add_price(m, pk)
        elif k2 == "exclude":
            add_exclusion(m, pk, t)
        else:
            add_dont_care(m, pk)
    m.add(pk(["", "", "please", "pls", "thanks", "then", "i guess", "!", ".", "ofc", ", she loves it", ", he likes that",
              "has nice ones", "would be great", "if you have it", "is her favourite", "is good", "works"]))
    return ex(m.build(noise), "inform", ctx, "neutral", SUBCAT[t] if key == "product_type" else "none", "answer")


def mk_exclusion_request(pk, noise):
    m, intent, t = find_request(pk)
    add_exclusion(m, pk, t)
    return ex(m.build(noise), intent, any_ctx(pk, 0.3), "neutral", SUBCAT[t], "negation")


def mk_fixed(pk, noise, phrases, intent, sentiment="neutral", ctx=None, register="free", tag_wanted=False):
    """A phrase from a list; with tag_wanted, the product and gender it names are what the shopper wants
    (trending in a range), otherwise they are context ("return the jeans") and stay untagged."""
    t = random_type(pk)
    tpl = pk(phrases)
    fill = {"t": pk(TYPE_WORDS.get(t, [t.lower()])), "oid": f"ORD-{pk.rng.randrange(16**8):08X}",
            "a": pk(["blue", "black", "red", "nike", "puma", "new"]), "city": pk(CITIES),
            "g": pk(["men", "women", "kids"]), "b": pk(["nike", "puma", "biba", "fossil", "levis"]), "q": "2", "qw": "two"}
    ents = {"t": ("product_type", "wanted"), "g": ("gender", "wanted")} if tag_wanted else {}
    m = Msg()
    if pk.p(0.25):
        m.add(pk(["", "hi,", "hello,", "excuse me,", "ok", "hey", "um", "so", "sorry,", "ugh,"]))
    for piece in re.split(r"(\{\w+\})", tpl):
        name = piece[1:-1] if piece.startswith("{") else None
        if name:
            m.add(fill[name], ents.get(name))
        elif piece.strip():
            m.add(piece.strip())
    if pk.p(0.25):
        m.add(pk(["", "please", "?", "!", "...", "thanks", "asap", "!!", "pls"]))
    return ex(m.build(noise), intent, ctx or any_ctx(pk, 0.4), sentiment, "none", register)


def load_smalltalk() -> list[tuple[str, str, str]]:
    """(text, intent, sentiment) from the real corpora."""
    out = []
    greet_ans = {"Hello.", "Hi.", "Good morning.", "Good evening.", "Good afternoon.", "Hello there."}
    bye_ans = {"Goodbye.", "Good night.", "Bye."}
    neg_ans = {"Noted.", "Sorry about that.", "Sorry to hear that.", "I'm very sorry to hear that.",
               "I'm so sorry to hear that.", "I try, but I don't always get it right.", "Moving on."}
    pos_ans = {"Thanks.", "Thank you.", "You're welcome.", "Glad you're pleased!", "That's great.",
               "Excellent.", "Thank you, and the same to you."}
    shop = re.compile(r"\b(shop|shopping|buy|order|return|refund|deliver|price|help|human|person|talk to|speak|what can you|what do you do)\b", re.I)
    ambiguous = {"ok", "okay", "no", "yes", "sure", "fine", "great", "cool", "nope", "yep", "right"}
    for name in ["qna_chitchat_the_professional.tsv", "qna_chitchat_the_friend.tsv", "qna_chitchat_the_comic.tsv"]:
        with open(SMALLTALK / name, encoding="utf-8-sig") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                q, a = row["Question"].strip(), row["Answer"].strip()
                if not q or shop.search(q) or q.lower().strip("!?. ") in ambiguous:
                    continue
                intent = "greeting" if a in greet_ans and "Testing" not in q else ("goodbye" if a in bye_ans else "chit_chat")
                sent = "negative" if a in neg_ans else ("positive" if a in pos_ans else "neutral")
                out.append((q, intent, sent))
    data = json.loads((SMALLTALK / "corpus-en.json").read_text())["data"]
    for block in data:
        name = block["intent"]
        if name.startswith("support.live"):
            for u in block["utterances"]:
                out.append((u, "support", "negative"))
            continue
        if name.startswith(("smalltalk.", "trivia.")) and name not in ("smalltalk.help",):
            sent = "negative" if name.split(".")[-1] in ("annoying", "bad", "boring", "angry", "crazy", "fired") else "neutral"
            for u in block["utterances"]:
                if not shop.search(u):
                    out.append((u, "chit_chat", sent))
    return sorted(set(out))


POSITIVE_WORDS = re.compile(
    r"\b(great|perfect|lovely|awesome|brilliant|amazing|fantastic|love|nice|cool|wonderful|excellent|glad|happy|"
    r"appreciate|sweet|superb|fab|helpful|you rock|good bot|well done|thank you so much|thanks a lot|many thanks|"
    r"thanks so much|haha|lol)\b|😊|👍", re.I)
NEGATIVE_WORDS = re.compile(
    r"\b(useless|terrible|awful|hate|rude|worst|fed up|ridiculous|disappointed|annoying|annoyed|stupid|hell|ugh|"
    r"bored|boring|angry|pathetic|hopeless|rubbish|crap|sucks|shut up|idiot|dumb|bad bot|scam|furious|livid|disgrace|"
    r"incompetent|unacceptable|waste of time)\b", re.I)


def sentiment_of(text: str, default: str = "neutral") -> str:
    """The sentiment a reader hears in the words themselves: one rule for every example of a free-form
    kind (greetings, goodbyes, answers, small talk), so equal words never carry different labels."""
    score = len(POSITIVE_WORDS.findall(text)) - len(NEGATIVE_WORDS.findall(text))
    return "positive" if score > 0 else "negative" if score < 0 else default


def mk_smalltalk(pk, noise, corpus):
    text, intent, sent = pk(corpus)
    m = Msg().add(text)
    return ex(m.build(noise), intent, any_ctx(pk, 0.4), sent, "none", "smalltalk")


def mk_yes_no(pk, noise, affirm: bool):
    ctx = ctx_offer(pk) if pk.p(0.75) else pk([CTX_NONE, CTX_LIST]) if pk.p(0.4) else ctx_question(pk(["brand", "color", "size"]))
    m = Msg()
    if affirm:
        m.add(pk(["", "", "", "great,", "perfect,", "lovely,", "ok", "oh nice,", "awesome,"]))
        if pk.p(0.12) and ctx.startswith("offered"):  # "cute! i'll take 2": a yes with a quantity
            q = pk.rng.randint(2, 5)
            pre, post = pk(["i'll take {q}", "i'll have {q}", "give me {q}", "{q} please", "get me {q} of those",
                            "i'll buy {q}", "{q} of them please", "ok {q} then", "i want {q}", "order {q}",
                            "yes, {q} pairs", "{q} pairs pls", "make it {q} pieces", "yes {q} of them"]).split("{q}")
            m.add(pre.strip()).add(pk([str(q), NUM_WORDS[q]]), ("quantity", "wanted")).add(post.strip())
            m.add(pk(["", "", "thanks", "please", "!"]))
            return ex(m.build(noise), "affirm", ctx, "neutral", "none", "yes_no")
        if ctx.startswith("offered") and pk.p(0.3):
            # With an offer standing, an order command is the yes ("pls order", "done, place the order",
            # "haan, order kar do"); without one it is not (the same words then ask about an order).
            m.add(pk(["", "", "done,", "ok so", "cool", "haan", "haan ji,", "theek hai,", "alright then,"]))
            m.add(pk(ORDER_NOW))
        else:
            m.add(pk(AFFIRM))
        if pk.p(0.15):
            q = pk.rng.randint(2, 4)
            m.add(pk(["i'll take", "make it", "give me"])).add(pk([str(q), NUM_WORDS[q]]), ("quantity", "wanted"))
        m.add(pk(["", "", "thanks", "please", "!", "cheers"]))
        return ex(m.build(noise), "affirm", ctx, "neutral", "none", "yes_no")
    m.add(pk(["", "", "hmm", "sorry,", "ah", "oh"]))
    m.add(pk(DENY))
    m.add(pk(["", "", "thanks", "for now", "."]))
    return ex(m.build(noise), "deny", ctx, "neutral", "none", "yes_no")


def mk_pick(pk, noise):
    look = pk.p(0.25)
    tpl = pk(PICK_LOOKS if look else PICKS)
    m = Msg()
    if "{b}" in tpl:
        pre, post = tpl.split("{b}")
        m.add(pre.strip()).add(add_brand_word(pk), ("brand", "wanted")).add(post.strip())
    else:
        m.add(tpl)
    m.add(pk(["", "please", "looks good", "i like that"]))
    return ex(m.build(noise), "find_product" if look else "buy_product", CTX_LIST, "neutral", "none", "pick")


def mk_not_carried(pk, noise):
    tpl, thing = pk(NOT_CARRIED_ASKS), pk(NOT_CARRIED)
    head = re.match(r"^(?:a|an|some)\s+", thing)
    article, noun = (thing[:head.end()].strip(), thing[head.end():]) if head else ("", thing)
    pre, post = tpl.split("{x}")
    if pre.rstrip().endswith("any"):
        article = ""
    m = Msg().add(pre.strip()).add(article).add(noun, ("product_type", "wanted")).add(post.strip())
    return ex(m.build(noise), "find_product", any_ctx(pk, 0.3), "neutral", "none", "not_carried")


def mk_trap(pk, noise):
    text, intent, ents = pk(TRAPS)
    spans = []
    for w, k, r in ents:
        i = text.find(w)
        spans.append([i, i + len(w), k, r])
    return {"text": text, "context": any_ctx(pk, 0.3), "intent": intent, "sentiment": "neutral",
            "category": "none", "spans": spans, "register": "trap"}


def mk_order_answer(pk, noise):
    oid = f"ORD-{pk.rng.randrange(16**8):08X}"
    text = pk(["{o}", "it's {o}", "order {o}", "the number is {o}", "{o} i think", "here: {o}"]).format(o=oid)
    return ex(Msg().add(text).build(noise), "track_order", CTX_ORDER,
              "neutral", "none", "answer")


MIX = [  # (maker, weight)
    ("find", 0.24), ("buy", 0.05), ("inform", 0.17), ("exclusion", 0.06), ("affirm", 0.06), ("deny", 0.05),
    ("greeting", 0.03), ("goodbye", 0.035), ("smalltalk", 0.06), ("track", 0.04), ("return", 0.035),
    ("complaint", 0.04), ("support", 0.045), ("trending", 0.025), ("similar", 0.025), ("question", 0.02),
    ("pick", 0.02), ("trap", 0.01), ("order_answer", 0.01), ("not_carried", 0.012),
]


FREE_FORM = {"affirm", "deny", "greeting", "goodbye", "smalltalk", "pick", "similar", "question", "trending", "track",
             "return", "support"}


def make_one(pk: Pick, noise, corpus) -> dict:
    kind = pk.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
    e = make_kind(kind, pk, noise, corpus)
    if kind in FREE_FORM:
        e["sentiment"] = sentiment_of(e["text"], e["sentiment"])
    return e


def make_kind(kind: str, pk: Pick, noise, corpus) -> dict:
    if kind == "find":
        return mk_find(pk, noise)
    if kind == "buy":
        return mk_find(pk, noise, buy=True)
    if kind == "inform":
        return mk_inform(pk, noise)
    if kind == "exclusion":
        return mk_exclusion_request(pk, noise)
    if kind in ("affirm", "deny"):
        return mk_yes_no(pk, noise, kind == "affirm")
    if kind == "greeting":
        e = mk_fixed(pk, noise, GREETINGS, "greeting", "neutral", CTX_NONE if pk.p(0.7) else any_ctx(pk, 1.0), "greeting")
        return e
    if kind == "goodbye":
        return mk_fixed(pk, noise, GOODBYES, "goodbye", "neutral", None, "goodbye")
    if kind == "smalltalk":
        return mk_smalltalk(pk, noise, corpus) if pk.p(0.75) else mk_fixed(pk, noise, CHIT_EXTRA, "chit_chat", "neutral", None, "smalltalk")
    if kind == "track":
        return mk_fixed(pk, noise, TRACK, "track_order", "neutral", None, "support")
    if kind == "return":
        return mk_fixed(pk, noise, RETURN, "return_product", "neutral", None, "support")
    if kind == "complaint":
        e = mk_fixed(pk, noise, COMPLAINT, "complaint", "negative", None, "complaint")
        if pk.p(0.15):  # sarcasm: the praise is ironic, the complaint is the point
            e["text"] = pk(SARCASM).format(c=e["text"])
            e["spans"] = []
        return e
    if kind == "support":
        e = mk_fixed(pk, noise, SUPPORT, "support", "neutral", None, "support")
        if re.search(r"useless|demand|now|manager|supervisor", e["text"]):
            e["sentiment"] = "negative"
        return e
    if kind == "trending":
        return mk_fixed(pk, noise, TRENDING, "get_trending_products", "neutral", CTX_NONE, "request", tag_wanted=True)
    if kind == "similar":
        return mk_fixed(pk, noise, SIMILAR, "find_similar_products", "neutral", pk([ctx_offer(pk), CTX_LIST]), "followup")
    if kind == "question":
        if pk.p(0.25):
            return mk_fixed(pk, noise, OPTION_QUESTIONS, "find_product", "neutral", pk([ctx_offer(pk), CTX_LIST, CTX_NONE]), "followup")
        return mk_fixed(pk, noise, PRODUCT_QUESTIONS, "find_product", "neutral", ctx_offer(pk), "followup")
    if kind == "pick":
        return mk_pick(pk, noise)
    if kind == "trap":
        return mk_trap(pk, noise)
    if kind == "not_carried":
        return mk_not_carried(pk, noise)
    return mk_order_answer(pk, noise)


@lru_cache(maxsize=1)
def phrase_words() -> frozenset[str]:
    """Every word of this module's phrase lists and of the catalog's values and synonyms: the words that
    mean something to a request (negations, budgets, people, products...)."""
    words: set[str] = set()

    def walk(x) -> None:
        if isinstance(x, str):
            words.update(re.findall(r"[a-z']+", x.lower()))
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, (list, tuple, set)):
            for v in x:
                walk(v)

    walk([v for k, v in globals().items() if k.isupper()])
    walk(VOCAB)
    return frozenset(words)


def filler_words(corpus) -> list[str]:
    """Words of the small-talk corpus that mean nothing to a request: inserted into requests (tagged O)
    so that the encoder learns an unknown word is not an entity ("black tee er size m", "... dikhao")."""
    known = phrase_words()
    seen = Counter(w for text, _, _ in corpus for w in re.findall(r"[a-z]+", text.lower()))
    return sorted(w for w, c in seen.items() if 2 <= len(w) <= 10 and w not in known and not PEOPLE_WORD.match(w))


# People are a request's gender: never a filler.
PEOPLE_WORD = re.compile(r"^(dad|daddy|mom|mommy|mum|mummy|mama|papa|wife|husband|(boy|girl)friends?|kids?|bab(y|ies)|sons?|"
                         r"daughters?|brothers?|sisters?|siblings?|friends?|parents?|family|guy|guys|girls?|boys?|man|men|wom[ae]n|"
                         r"lady|ladies|gentlem[ae]n|children|child|grandma|grandpa|aunt|uncle|cousins?|bro|sis|dude|bestie)$")


def with_filler(e: dict, pk: Pick, fillers: list[str]) -> dict:
    """The example with one filler word at a word boundary outside and not right before an entity."""
    text, spans = e["text"], e["spans"]
    starts = [m.start() for m in re.finditer(r"\S+", text)] + [len(text)]
    ok = [p for p in starts if all(not (a <= p < b) and p != a for a, b, _, _ in spans)]
    if not ok or not fillers:
        return e
    at, w = pk.rng.choice(ok), pk.rng.choice(fillers)
    if at == len(text):
        return {**e, "text": f"{text} {w}"}
    shift = len(w) + 1
    return {**e, "text": text[:at] + w + " " + text[at:], "spans": [[a + shift if a >= at else a, b + shift if a >= at else b, k, r] for a, b, k, r in spans]}


FILLER_SHARE = 0.15  # of requests with entities in the seen splits (round 5)


def generate(n: int, mode: str, seed: int, corpus) -> list[dict]:
    rng = random.Random(seed)
    pk = Pick(rng, mode)
    fillers = filler_words(corpus) if mode == "seen" else []
    out = []
    for _ in range(n):
        level = rng.choice([0, 0, 0, 0.04, 0.08]) if mode == "seen" else rng.choice([0, 0, 0.05, 0.1])
        e = make_one(pk, make_noise(pk, level), corpus)
        if fillers and e["spans"] and e["intent"] in ("find_product", "buy_product", "inform") and pk.p(FILLER_SHARE):
            e = with_filler(e, pk, fillers)
        if e["text"]:
            out.append(e)
    return out


def card(splits: dict[str, list[dict]]) -> str:
    lines = ["# Understanding data card (generated by models/nlu/generate.py)", ""]
    for name, rows in splits.items():
        lines.append(f"## {name}: {len(rows)} examples")
        for field in ("intent", "register", "sentiment"):
            c = Counter(r[field] for r in rows)
            lines.append(f"- {field}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
        roles = Counter(f"{s[2]}:{s[3]}" for r in rows for s in r["spans"])
        lines.append("- entity key:role: " + ", ".join(f"{k} {v}" for k, v in sorted(roles.items())))
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--train", type=int, default=80000)
    ap.add_argument("--test", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    corpus = load_smalltalk()
    corpus_seen = [c for c in corpus if not held(c[0])]
    corpus_held = [c for c in corpus if held(c[0])]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    splits = {
        "train": generate(a.train, "seen", a.seed, corpus_seen),
        "validation": generate(a.test // 2, "seen", a.seed + 1, corpus_seen),
        "test_seen": generate(a.test, "seen", a.seed + 2, corpus_seen),
        "test_heldout": generate(a.test, "held", a.seed + 3, corpus_held),
    }
    train_texts = {r["text"] for r in splits["train"]}
    for name in ("test_seen", "test_heldout", "validation"):
        splits[name] = [r for r in splits[name] if r["text"] not in train_texts]
    for name, rows in splits.items():
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out / "DATA_CARD.md").write_text(card(splits))
    print(json.dumps({k: len(v) for k, v in splits.items()}))


if __name__ == "__main__":
    main()
