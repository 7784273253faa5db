"""``dateline eval geo``: toponym recognition and resolution on LGL and GeoVirus.

Metrics follow Gritta et al. (2018): accuracy within 161 km, mean error in km,
and the AUC of the curve of log errors (lower is better); a toponym left
unresolved counts as 20,039 km (half the Earth's circumference). Recognition
is scored against every gold toponym, exact and overlapping spans.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dateline.analyse.gazetteer import distance_km

MAX_KM = 20039.0


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass
class GeoDoc:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _f(el: ET.Element | None) -> float | None:
    if el is None or el.text is None or not el.text.strip():
        return None
    try:
        return float(el.text)
    except ValueError:
        return None


def _align(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """GeoVirus offsets are one character late: find the stated name near them."""
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2):
        s = start + shift
        if s >= 0 and text[s : s + len(name)] == name:
            return s, s + len(name)
    return start, end


def read_corpus(path: str | Path) -> list[GeoDoc]:
    """LGL (``<toponym>``/``<gaztag>``) or GeoVirus (``<location>``) XML."""
    root = ET.parse(path).getroot()
    docs = []
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops: list[GoldToponym] = []
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            gaz = t.find("gaztag")
            lat = _f(gaz.find("lat")) if gaz is not None else None
            lon = _f(gaz.find("lon")) if gaz is not None else None
            tops.append(GoldToponym(start, end, text[start:end], lat, lon))
        for loc in art.iter("location"):
            start, end = int(loc.findtext("start") or 0), int(loc.findtext("end") or 0)
            start, end = _align(text, loc.findtext("name") or "", start, end)
            tops.append(GoldToponym(start, end, text[start:end], _f(loc.find("lat")), _f(loc.find("lon"))))
        docs.append(GeoDoc(art.get("docid") or art.findtext("source") or str(n), text, sorted(tops, key=lambda g: g.start)))
    return docs


def auc_of_errors(errors_km: list[float]) -> float:
    """Area under the sorted, normalised log-error curve (0 = perfect, 1 = everything wrong)."""
    if not errors_km:
        return float("nan")
    logs = np.sort(np.log(np.asarray(errors_km) + 1.0)) / math.log(MAX_KM + 1.0)
    if len(logs) == 1:
        return float(logs[0])
    return float(np.trapezoid(logs, dx=1.0) / (len(logs) - 1))


@dataclass
class GeoScores:
    docs: int = 0
    gold: int = 0
    system: int = 0
    exact: int = 0
    overlap_gold: int = 0
    overlap_sys: int = 0
    errors: list[float] = field(default_factory=list)
    demonyms: bool = True  # whether the corpus annotates demonyms as toponyms (so they are scored)

    def summary(self) -> dict[str, float]:
        f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
        s, g = max(self.system, 1), max(self.gold, 1)
        ep, er = self.exact / s, self.exact / g
        op, orr = self.overlap_sys / s, self.overlap_gold / g
        e = self.errors
        return {
            "exact_p": ep, "exact_r": er, "exact_f1": f1(ep, er),
            "overlap_p": op, "overlap_r": orr, "overlap_f1": f1(op, orr),
            "resolved": len(e),
            "acc161": sum(x <= 161 for x in e) / len(e) if e else float("nan"),
            "mean_km": float(np.mean(e)) if e else float("nan"),
            "median_km": float(np.median(e)) if e else float("nan"),
            "auc": auc_of_errors(e),
        }  # fmt: skip


def _error(lat: float | None, lon: float | None, g: GoldToponym) -> float:
    if lat is None or lon is None or g.lat is None or g.lon is None:
        return MAX_KM
    return distance_km(lat, lon, g.lat, g.lon)


def in_split(index: int, split: str) -> bool:
    """Fixed split by position: every fifth article is held out (never tuned on)."""
    return split == "all" or (index % 5 == 0) == (split == "heldout")


def evaluate(path: str | Path, gold_spans: bool = False, limit: int | None = None,
             split: str = "all") -> GeoScores:  # fmt: skip
    """Score the places stage on a corpus, end to end or given the gold toponym spans."""
    from dateline.analyse import Pipeline
    from dateline.analyse.gazetteer import load_gazetteer
    from dateline.analyse.places import resolve_mentions
    from dateline.doc import Document

    corpus = read_corpus(path)
    docs = [d for i, d in enumerate(corpus) if in_split(i, split)][:limit]
    scores = GeoScores(docs=len(docs))
    # LGL annotates "Russian", "Palestinian" as toponyms; GeoVirus never does. dateline keeps
    # them as country signals (kind "demonym"), scored only where the corpus annotates them.
    gaz = load_gazetteer()
    scores.demonyms = any(gaz.country_of_demonym(d.text[g.start : g.end]) for d in corpus for g in d.toponyms)
    pipe = Pipeline(("nlp",)) if gold_spans else Pipeline(("nlp", "timex", "places"))  # (as a build runs them)
    for gd in docs:
        doc = Document(gd.id, gd.text)
        pipe(doc)
        gold = gd.toponyms
        scores.gold += len(gold)
        if gold_spans:
            spans = [(g.start, g.end) for g in gold]
            resolved = resolve_mentions(doc, spans)
            for g, place in zip(gold, resolved, strict=True):
                if g.lat is not None:
                    scores.errors.append(_error(place.lat if place else None, place.lon if place else None, g))
            continue
        found = [p for p in doc.layers.get("places", []) if scores.demonyms or p.attrs.get("kind") != "demonym"]
        scores.system += len(found)
        for g in gold:
            over = [p for p in found if p.start < g.end and g.start < p.end]
            if any(p.start == g.start and p.end == g.end for p in found):
                scores.exact += 1
            if over:
                scores.overlap_gold += 1
            if over and g.lat is not None:
                p = min(over, key=lambda p: abs(p.start - g.start))
                scores.errors.append(_error(p.attrs.get("lat"), p.attrs.get("lon"), g))
        scores.overlap_sys += sum(1 for p in found if any(p.start < g.end and g.start < p.end for g in gold))
    return scores


PUBLISHED = {  # Gritta et al. 2018 (CamCoder), Table 1: acc@161 %, AUC (×100), mean error (×100 km)
    "lgl": {"CamCoder": (76, 22, 7), "Edinburgh": (76, 25, 8), "Population (GeoNames)": (70, 27, 12)},
    "geovirus": {"CamCoder": (82, 31, 3), "Edinburgh": (78, 33, 5), "Population (GeoNames)": (80, 32, 5)},
}
