"""Write draft-100.md: the 28-point framework followed by 72 points of annexes.

The annex points are composed from drafting templates with fictional places,
bodies and figures (seeded, so the file is reproducible):

    .venv/bin/python benchmarks/data/make_draft_100.py
"""

from __future__ import annotations

import random
import re
from pathlib import Path

HERE = Path(__file__).parent

TOWNS = [
    "Kessel",
    "Arno",
    "Vell",
    "Dunmore",
    "Ruskin",
    "Pellam",
    "Orvath",
    "Tessaly",
    "Marrow",
    "Quill",
    "Bexley",
    "Hollin",
    "Starn",
    "Caddo",
    "Fenwick",
    "Lorne",
    "Ashby",
    "Greave",
    "Morrow",
    "Selden",
    "Tarrow",
    "Elding",
    "Vasko",
    "Brannock",
    "Coryn",
    "Dalsby",
    "Ettin",
    "Farrow",
    "Gallen",
    "Hesk",
    "Irwin",
    "Jessop",
    "Kell",
    "Lanning",
    "Mercer",
    "Nolan",
    "Oakes",
    "Prather",
    "Rilling",
    "Sorrel",
]
BODIES = (
    "the Monitoring Mission",
    "the Joint Coordination Commission",
    "the Mediator",
    "the humanitarian subcommittee",
    "the Lake States Development Bank",
    "the military liaison officers",
    "the legal subcommittee",
    "the Red Cross",
)
TOPICS = (
    ("the withdrawal of armoured units", "withdrawal"),
    ("the repair of bridges", "repair"),
    ("the return of displaced families", "return"),
    ("the clearance of minefields", "clearance"),
    ("the exchange of detainees", "exchange"),
    ("the restoration of power lines", "restoration"),
    ("the reopening of schools", "reopening"),
    ("the registration of ex-combatants", "registration"),
    ("the inspection of depots", "inspection"),
    ("the delivery of medical supplies", "delivery"),
    ("the rebuilding of housing", "rebuilding"),
    ("the survey of irrigation channels", "survey"),
)
UNITS = ("days", "weeks", "months", "kilometres", "teams", "observers", "vehicles")
TEMPLATES = (
    "In the sector of {town}, {body} shall organise {topic} within {n} {unit}, in accordance "
    "with the schedule agreed by the liaison officers.",
    "{Body} shall authorise {m} teams to take part in {topic} near {town}, and shall "
    "analyse their reports every {k} weeks.",
    "With regard to {topic} in {town}, the Parties shall cooperate with {body}, in particular "
    "with the organisation of convoys, checkpoints and storage sites.",
    "Furthermore, {body} shall recognise the local council of {town} as a partner for "
    "{topic}, with a view to normalising public services.",
    "In the event of a dispute concerning {topic} near {town}, {body} shall organise a "
    "meeting within {k} days, in order to harmonise the positions of the Parties.",
    "To that end, a programme of {n} {unit} shall be coordinated by {body}, with the "
    "assistance of the neighbouring municipality of {town}.",
    "The {stem} in {town} shall be recognised as completed upon the written confirmation "
    "of {body}, and information on its results shall be published in writing.",
    "{Body} shall prioritise {topic} in {town}, and shall organise a follow-up inspection "
    "with the participation of {m} observers from the neighbouring towns.",
    "On the territory of the {town} district, the Parties shall authorise {body} to travel "
    "freely, in order to stabilise the situation and to analyse the needs of residents.",
)


def main() -> None:
    rng = random.Random(100)
    base = (HERE / "draft-28.md").read_text(encoding="utf-8").rstrip() + "\n"
    lines = [base, "", "## Annex I: Sector arrangements", ""]
    for number in range(29, 101):
        if number in (53, 77):
            lines += [f"## Annex {'II' if number == 53 else 'III'}: Sector arrangements", ""]
        sentences = []
        for template in rng.sample(TEMPLATES, 3):
            body = rng.choice(BODIES)
            topic, stem = rng.choice(TOPICS)
            sentences.append(
                template.format(
                    town=rng.choice(TOWNS),
                    body=body,
                    Body=body[0].upper() + body[1:],
                    topic=topic,
                    stem=stem,
                    n=rng.randint(2, 90),
                    unit=rng.choice(UNITS),
                    m=rng.randint(2, 40),
                    k=rng.randint(2, 12),
                )
            )
        lines += [f"**{number}.** " + " ".join(sentences), ""]
    text = "\n".join(lines)
    (HERE / "draft-100.md").write_text(re.sub(r"\n{3,}", "\n\n", text), encoding="utf-8")


if __name__ == "__main__":
    main()
