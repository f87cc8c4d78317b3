"""Composing a demo project's title, description and prize short description from independent parts: an opening
with the aim, the means, the beneficiaries, the partners, results with figures and a few remarks on funding,
sustainability or lessons learnt, each part drawn from its own alternatives (demo_texts.py has the line-specific
ones)."""

import random
import re
from collections import defaultdict

import numpy as np

from producers.demo_texts import LineBank

_WORD = re.compile(r"\w+")

_OPENINGS = (
    "{org} started this project in {year} to {goal}.",
    "Since {year}, {org} has worked to {goal}.",
    "The initiative was set up by {org} to {goal}.",
    "Launched in {year}, the {kind} aims to {goal}.",
    "Our goal is simple: to {goal}.",
    "This {kind} sets out to {goal} in {place}.",
    "Faced with {problem}, {org} decided in {year} to {goal}.",
    "In {place}, {problem} made it urgent to {goal}; {org} took up the task in {year}.",
    "What began in {year} as a small experiment by {org} now tries to {goal} nationwide.",
    "The purpose of this {kind}, run by {org}, is to {goal}.",
    "Why this {kind}? Because {problem} left no choice but to {goal}.",
    "{org} wants to {goal}, and has been doing so since {year}.",
)
_CONTEXT = (
    "{place} has about {millions} million inhabitants, {pct}% of whom live outside the big cities.",
    "Before the {kind} began, only {pct}% of the target group had ever used such a service.",
    "The work covers {b} districts of {place}, chosen with the local authorities.",
    "A baseline survey of {a} households in {year} guided every choice.",
    "",
    "",
)
_PROBLEMS = ("years of underinvestment", "a wide gap between cities and the countryside", "a fast-growing young "
             "population", "the lessons of the pandemic", "rising costs and shrinking budgets", "repeated requests "
             "from local leaders", "a sharp urban-rural divide", "scattered pilots that never scaled up")
_KINDS = ("programme", "initiative", "pilot", "project", "scheme")
_MEANS = (
    "It relies on {means}.",
    "The work combines {means}.",
    "To get there, the team put in place {means}.",
    "Its main tools are {means}.",
    "The approach brings together {means}, designed with the people who use them.",
    "Concretely, this meant {means}.",
    "The {kind} delivers {means}.",
    "At its heart are {means}.",
    "Step by step, {org} introduced {means}.",
    "Resources went mainly into {means}.",
)
_FOR = (
    "{Benef} are the first to benefit.",
    "It was designed for {benef}, who were consulted at every stage.",
    "The main users are {benef} in {b} districts.",
    "{Benef} took part in the design from the start.",
    "It serves {benef} above all.",
    "Those who gain most are {benef}.",
    "Priority goes to {benef}, especially where services were weakest.",
    "Some {a} people are reached, mostly {benef}.",
    "{Benef} now use it every day.",
)
_PARTNERS = ("UNDP", "the World Bank", "ITU", "UNICEF", "a local university", "the national statistics office",
             "a mobile operator", "two national NGOs", "the chamber of commerce", "a women's association",
             "the European Union", "a private foundation", "the ministry of finance", "local councils",
             "a regional development bank", "the Islamic Development Bank", "GIZ", "a volunteer network")
_WITH = (
    "It is run together with {p1} and {p2}.",
    "Funding comes from {p1}, with technical support from {p2}.",
    "{P1} and {p2} co-finance the work.",
    "It is a joint effort with {p1}; {p2} advises on evaluation.",
    "Support from {p1} made the first phase possible, and {p2} joined later.",
    "{P1} provided seed money; {p2} brings expertise.",
    "Alongside {org}, {p1} and {p2} sit on the board.",
    "Money came from {p1}, while {p2} trained the staff.",
)
_RESULTS = ("So far, {r}.", "By {later}, {r}.", "Results to date: {r}.", "An evaluation found that {r}.",
            "The latest figures show that {r}.", "Within {years} years, {r}.",
            "Monitoring data for {later} say that {r}.", "Most encouraging: {r}.", "In numbers, {r}.",
            "One figure stands out: {r}.")
_REMARKS = (
    "The budget of {money} million US dollars was spent over {years} years.",
    "A second phase will extend the work to {b} more provinces.",
    "Everything the project produced is documented so that other countries can replicate it.",
    "Lessons learnt were published in {later} and presented at the WSIS Forum.",
    "Maintenance is now paid from the regular budget, which keeps the service running after donor support ends.",
    "Local staff run the day-to-day operations; only {b} specialists came from abroad.",
    "Feedback is gathered every quarter and has already changed the design twice.",
    "Gender balance was monitored throughout, and {pct}% of participants were women.",
    "The main difficulty was the unreliable electricity supply, solved with solar panels and batteries.",
    "A summary of the outcomes is available on the project website.",
    "The team plans to hand the system over to the national authorities in {later}.",
    "Costs were kept low by reusing existing buildings and free tools.",
    "A steering committee meets twice a year to review progress against the targets.",
    "Volunteers from the diaspora helped with translation and testing.",
    "Persons with disabilities tested every service with their associations before launch.",
    "Each euro invested brought an estimated {b} euros of economic benefit, according to a cost-benefit study.",
    "What surprised the team most was how quickly older people adopted the service.",
    "The model has since been copied by {b} neighbouring districts without outside funding.",
)


def _figures(rng: random.Random) -> dict[str, object]:
    return {"a": f"{rng.randint(2, 900) * 100:,}", "b": rng.randint(3, 40), "pct": rng.randint(12, 87),
            "money": round(rng.uniform(0.2, 25), 1), "years": rng.randint(2, 6)}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _sentences(rng: random.Random, bank: LineBank, place: str, org: str, year: int,
               remarks: int, every_result: bool = False) -> dict[str, list[str]]:
    """Every part, drawn: the opening, means, beneficiaries and partners (one sentence each), then the results
    and remarks (several, in a random order)."""
    values = {"org": org, "place": place, "year": year, "later": year + rng.randint(1, 3),
              "kind": rng.choice(_KINDS), "problem": rng.choice(_PROBLEMS), "goal": rng.choice(bank.goals),
              "millions": rng.randint(1, 90),
              "means": _join(rng.sample(bank.means, rng.randint(2, 3)))} | _figures(rng)
    benef = rng.choice(bank.beneficiaries)
    p1, p2 = rng.sample(_PARTNERS, 2)
    values |= {"benef": benef, "Benef": benef[0].upper() + benef[1:], "p1": p1, "P1": p1[0].upper() + p1[1:],
               "p2": p2}
    drawn_results = rng.sample(bank.results, len(bank.results) if every_result else rng.randint(1, 2))
    results = [wrapper.format(r=r.format(**_figures(rng)), **values)
               for wrapper, r in zip(rng.sample(_RESULTS, len(drawn_results)), drawn_results, strict=True)]
    drawn = [r.format(**values | _figures(rng)) for r in rng.sample(_REMARKS, remarks)]
    context = rng.choice(_CONTEXT).format(**values)
    return {"opening": [rng.choice(_OPENINGS).format(**values)] + [context] * bool(context),
            "means": [rng.choice(_MEANS).format(**values)],
            "for": [rng.choice(_FOR).format(**values)], "with": [rng.choice(_WITH).format(**values)],
            "results": results, "remarks": drawn}


def title(rng: random.Random, bank: LineBank, place: str) -> str:
    return rng.choice(bank.titles).format(place=place)


def description(rng: random.Random, bank: LineBank, place: str, org: str, year: int) -> str:
    """About 60–250 words: the aim, means, beneficiaries, partners and results, then one to six remarks."""
    parts = _sentences(rng, bank, place, org, year, remarks=6)
    middle = parts["for"] + parts["with"]
    rng.shuffle(middle)
    remarks = parts["remarks"][:rng.choice((1, 1, 2, 2, 3, 4, 5, 6))]
    return " ".join(parts["opening"] + parts["means"] + middle + parts["results"] + remarks)


def short_description(rng: random.Random, bank: LineBank, place: str, org: str, year: int) -> str:
    """What voters read (the prize rules ask for 150–200 words): sentences added until 150 words, cut at 200."""
    parts = _sentences(rng, bank, place, org, year, remarks=len(_REMARKS), every_result=True)
    words: list[str] = []
    for sentence in parts["opening"] + parts["means"] + parts["for"] + parts["results"] + parts["with"] + \
            parts["remarks"]:
        if len(words) >= 150:
            break
        words += sentence.split()
    text = " ".join(words[:200])
    return text if text.endswith(".") else text.rstrip(",;:") + "."


class _Window:
    """The word sets of one action line's latest `size` descriptions, as rows of a 0/1 matrix over the words seen,
    so that the words a new text shares with each of them are counted in one step."""

    def __init__(self, size: int) -> None:
        self.rows = np.zeros((size, 256), dtype=np.uint8)
        self.sizes = np.zeros(size, dtype=np.int64)
        self.filled, self.next = 0, 0
        self.columns: dict[str, int] = {}

    def ids(self, words: frozenset[str]) -> np.ndarray:
        for word in words:
            if word not in self.columns:
                self.columns[word] = len(self.columns)
        if len(self.columns) > self.rows.shape[1]:
            grown = np.zeros((self.rows.shape[0], 2 * len(self.columns)), dtype=np.uint8)
            grown[:, :self.rows.shape[1]] = self.rows
            self.rows = grown
        return np.fromiter((self.columns[word] for word in words), dtype=np.int64, count=len(words))

    def similar(self, ids: np.ndarray, limit: float) -> bool:
        """Jaccard similarity ≥ limit to one of the rows: |A ∩ B| ≥ limit · |A ∪ B|."""
        common = self.rows[:self.filled][:, ids].sum(axis=1, dtype=np.int64)
        return bool(np.any(common >= limit * (len(ids) + self.sizes[:self.filled] - common)))

    def add(self, ids: np.ndarray) -> None:
        self.rows[self.next] = 0
        self.rows[self.next, ids] = 1
        self.sizes[self.next] = len(ids)
        self.next = (self.next + 1) % len(self.sizes)
        self.filled = min(self.filled + 1, len(self.sizes))


class Distinct:
    """The word sets of the latest descriptions of each action line: a description whose Jaccard similarity to one
    of them reaches `limit` is drawn again (the parts are random, so two draws can coincide in most of them)."""

    def __init__(self, limit: float = 0.42, window: int = 400, tries: int = 30) -> None:
        self.limit, self.tries = limit, tries
        self.seen: dict[str, _Window] = defaultdict(lambda: _Window(window))

    def description(self, rng: random.Random, line: str, bank: LineBank, place: str, org: str, year: int) -> str:
        seen = self.seen[line]
        for _ in range(self.tries):
            text = description(rng, bank, place, org, year)
            ids = seen.ids(frozenset(_WORD.findall(text.casefold())))
            if not seen.similar(ids, self.limit):
                break
        seen.add(ids)
        return text
