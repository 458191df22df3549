//! Resolves each place name found in a text to one place on Earth, using the whole document.
//!
//! In: the [`Mention`]s and demonyms of one text. Out: one [`Resolved`] per mention, with a
//! confidence and the runners-up.
//!
//! How: every candidate starts from its prior (kind, feature, population) and what the text
//! says around the name (a qualifier such as "province d'", a container such as ", Texas").
//! Mentions that share a name share one sense per document. Then, in a few rounds, each name
//! takes the candidate that best fits the rest of the document: the countries and first-order
//! divisions that the other names and the demonyms point to, how close the candidate lies to
//! the other places, and the dateline, which sets the scene for the whole article.

use super::places::{Found, Mention};
use crate::gazetteer::{country_key, Brief, Gazetteer, Kind, PlaceIdx};
use crate::model::{PlaceRef, Precision, Resolved};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// Most candidates considered per name (the index orders them by prior).
pub const MAX_CANDIDATES: usize = 48;

/// Population from which a town counts as more than a village between names: a town that
/// bears a name as its own outranks a country that has the name only as an alternate one,
/// and a town that has a division's name only as an alternate one may still be what the
/// name means before that division ("Alep").
const TOWN_POPULATION: u64 = 20_000;

/// Readings per name that can agree with another name's (its likeliest cities and counties).
const NEIGHBOUR_CANDIDATES: usize = 12;

/// Size of the grid cells in which neighbouring readings are looked for, in degrees.
const CELL_DEGREES: f64 = 0.5;

fn cell(p: geo::Point<f64>) -> (i32, i32) {
    ((p.y() / CELL_DEGREES).floor() as i32, (p.x() / CELL_DEGREES).floor() as i32)
}

/// What is known of a document beyond its text.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Countries the source is known to cover (ISO alpha-2), if any.
    pub countries: Vec<String>,
    /// The country whose press writes most of what is written in the text's language
    /// ("fr": France), if one does: a vote as weak as a demonym's for its places, which
    /// settles a name that two towns of like size bear ("Orléans", "Saint-Denis") and
    /// yields to any other evidence.
    pub home: Option<&'static str>,
    /// Only each mention's chosen place is wanted, not its runners-up: their names are not
    /// decoded (the event pipeline, which reads no runner-up, asks this).
    pub chosen_only: bool,
}

/// Languages whose press is mostly one country's, and that country. Languages written in
/// many countries' papers alike (English, Spanish, Portuguese, Arabic, Russian) have none.
const HOME_OF_LANGUAGE: &[(&str, &str)] = &[
    ("fr", "FR"), ("de", "DE"), ("it", "IT"), ("nl", "NL"), ("pl", "PL"), ("cs", "CZ"),
    ("el", "GR"), ("ja", "JP"), ("ko", "KR"), ("tr", "TR"), ("uk", "UA"),
];

impl Context {
    /// The context of a text in language `lang`, of which nothing else is known.
    pub fn for_language(lang: &str) -> Context {
        let home = HOME_OF_LANGUAGE.iter().find(|(l, _)| *l == lang).map(|(_, c)| *c);
        Context { home, ..Context::default() }
    }
}

/// The weights of the evidence: the resolver's only tunables, in one place.
#[derive(Clone, Copy, Debug, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub primary: f64,
    pub wants: f64,
    pub container: f64,
    pub city_over_admin: f64,
    pub country: f64,
    pub admin1: f64,
    pub proximity: f64,
    pub proximity_km: f64,
    /// Evidence from readings of two names that lie close together ("Paris" and "Henry
    /// County" read as the Tennessee town and its county): weight, and distance in km.
    pub neighbours: f64,
    pub neighbours_km: f64,
    pub rounds: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            primary: 0.6,
            wants: 4.0,
            container: 8.0,
            city_over_admin: 2.0,
            country: 2.4,
            admin1: 1.6,
            proximity: 3.0,
            proximity_km: 187.5,
            neighbours: 0.75,
            neighbours_km: 40.0,
            rounds: 3,
        }
    }
}

struct Cand {
    place: Brief,
    /// The name is the place's own (not only one of its other names).
    primary: bool,
    base: f64,
    score: f64,
}

/// The mentions that share a name, and its candidates.
struct Group {
    /// Where the group's mentions are in [`Groups::members`] (in text order).
    members: Range<usize>,
    /// Where its candidates are in [`Groups::cands`].
    cands: Range<usize>,
    /// The chosen candidate, relative to `cands`.
    choice: usize,
    conf: f64,
    dateline: bool,
}

impl Group {
    /// The weight of this group's choice as evidence for the others.
    fn weight(&self) -> f64 {
        self.conf * if self.dateline { 3.0 } else { 1.0 }
    }
}

/// Every name's group, with their mentions and candidates in two flat lists.
struct Groups {
    groups: Vec<Group>,
    members: Vec<usize>,
    cands: Vec<Cand>,
    /// The group of each mention.
    group_of: Vec<usize>,
    /// A buffer: the divisions among one name's candidates (country, division, base score).
    divisions: Vec<(u16, u32, f64)>,
}

impl Groups {
    fn chosen(&self, gi: usize) -> Option<&Cand> {
        let grp = &self.groups[gi];
        self.cands[grp.cands.clone()].get(grp.choice)
    }
}

/// Resolves the mentions of `found` (from [`super::places::find`]).
pub fn resolve(g: &Gazetteer, text: &str, found: &Found, ctx: &Context) -> Vec<Resolved> {
    resolve_with(g, text, &found.mentions, found, ctx, &Weights::default())
}

/// [`resolve`] with explicit mentions and weights (the evaluation hands gold spans in).
pub fn resolve_with(
    g: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    found: &Found,
    ctx: &Context,
    w: &Weights,
) -> Vec<Resolved> {
    let mut gs = group(mentions, text);
    for gi in 0..gs.groups.len() {
        candidates(g, mentions, &mut gs, gi, w);
    }
    if w.neighbours > 0.0 && gs.groups.len() > 1 {
        neighbours(&mut gs, w);
    }
    for gi in 0..gs.groups.len() {
        pick(&mut gs, gi, true);
    }
    rounds(g, mentions, found, ctx, &mut gs, w);
    readings(g, text, mentions, &gs, !ctx.chosen_only)
}

/// Groups the mentions by normalised surface: one sense per name per document.
fn group(mentions: &[Mention], text: &str) -> Groups {
    let mut by_key: HashMap<String, usize> = HashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = Vec::with_capacity(mentions.len());
    let mut sizes: Vec<usize> = Vec::new();
    for m in mentions {
        let key = crate::gazetteer::normalize::normalize(m.surface(text));
        let gi = *by_key.entry(key).or_insert_with(|| {
            groups.push(Group { members: 0..0, cands: 0..0, choice: 0, conf: 0.0, dateline: false });
            sizes.push(0);
            groups.len() - 1
        });
        group_of.push(gi);
        sizes[gi] += 1;
        groups[gi].dateline |= m.dateline;
    }
    // The members of each group, group after group, in text order within each.
    let mut at = 0;
    for (grp, n) in groups.iter_mut().zip(&sizes) {
        grp.members = at..at;
        at += n;
    }
    let mut members = vec![0; mentions.len()];
    for (mi, &gi) in group_of.iter().enumerate() {
        let r = &mut groups[gi].members;
        members[r.end] = mi;
        r.end += 1;
    }
    Groups { groups, members, cands: Vec::new(), group_of, divisions: Vec::new() }
}

/// The candidates of group `gi`, each with its base score: prior, qualifiers, and the
/// division of the same name a city lies in.
fn candidates(g: &Gazetteer, mentions: &[Mention], gs: &mut Groups, gi: usize, w: &Weights) {
    let members = &gs.members[gs.groups[gi].members.clone()];
    let base_of = |place: &Brief, primary: bool| place.prior + if primary { w.primary } else { 0.0 };
    // Candidate sets of members can differ only if their automaton values differ (they
    // share a normalised key, so they do not); take the first member's.
    let start = gs.cands.len();
    super::lookups::with(g, |lk| {
        let briefs = lk.briefs(g, mentions[members[0]].value);
        gs.cands.extend(briefs.iter().map(|&(place, primary)| Cand { place, primary, base: base_of(&place, primary), score: 0.0 }));
    });
    let cands = &mut gs.cands[start..];
    // A town of some size that bears the name as its own name ("Columbia", "Norfolk")
    // is what the name means before a country or territory that has it only among its
    // other names (Colombia, Norfolk Island), unless the text points to that country.
    let own_name_town = cands
        .iter()
        .filter(|c| c.primary && c.place.kind == Kind::City && c.place.population >= TOWN_POPULATION)
        .map(|c| c.base)
        .fold(f64::NEG_INFINITY, f64::max);
    let wants = || members.iter().filter_map(|&i| mentions[i].wants);
    let any_wants = wants().next().is_some();
    // The divisions among the candidates are few (most names have none): each city is
    // compared with them alone.
    let divisions = &mut gs.divisions;
    divisions.clear();
    divisions.extend(
        cands.iter().filter(|d| matches!(d.place.kind, Kind::Admin1 | Kind::Admin2)).map(|d| (d.place.country, d.place.admin1, d.base)),
    );
    for ci in 0..cands.len() {
        let place = cands[ci].place;
        let mut base = cands[ci].base;
        if !cands[ci].primary && place.kind == Kind::Country && own_name_town.is_finite() {
            base = base.min(own_name_town - 0.1);
        }
        if any_wants {
            base += w.wants * wants().map(|x| x.fit(place.kind)).fold(f64::NEG_INFINITY, f64::max);
        } else if place.kind == Kind::City && (cands[ci].primary || place.population >= TOWN_POPULATION) {
            // A city that shares its name with the division it lies in is what a bare
            // name means ("Alep", "Idlib", "New York"): it gets just enough to outrank
            // that division, and no more, so that it does not outrank other places. Not a
            // village that has the division's name only among its other names (Minneota,
            // Minnesota, under a misspelling).
            let division = divisions
                .iter()
                .filter(|&&(country, admin1, _)| country == place.country && admin1 == place.admin1)
                .map(|d| d.2)
                .fold(f64::NEG_INFINITY, f64::max);
            if division.is_finite() {
                base += (division - base + 0.2).clamp(0.0, w.city_over_admin);
            }
        }
        (cands[ci].base, cands[ci].score) = (base, base);
    }
    gs.groups[gi].cands = start..gs.cands.len();
}

/// Readings that agree: a candidate with a candidate of another name close by (among that
/// name's likeliest readings) is a coherent reading of both, whatever the current choices
/// are, which the rounds, starting from the priors, cannot find alone ("Paris and Henry
/// County": Paris, Tennessee, and the county around it).
fn neighbours(gs: &mut Groups, w: &Weights) {
    // The likeliest cities and counties of every name, sorted by half-degree cell.
    let mut grid: Vec<((i32, i32), usize, PlaceIdx, geo::Point<f64>, f64)> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    for (gi, grp) in gs.groups.iter().enumerate() {
        let cands = &gs.cands[grp.cands.clone()];
        order.clear();
        order.extend((0..cands.len()).filter(|&i| matches!(cands[i].place.kind, Kind::City | Kind::Admin2)));
        order.sort_by(|&a, &b| cands[b].base.total_cmp(&cands[a].base));
        for &i in order.iter().take(NEIGHBOUR_CANDIDATES) {
            let p = cands[i].place.point;
            grid.push((cell(p), gi, cands[i].place.idx, p, p.y().to_radians().cos()));
        }
    }
    grid.sort_unstable_by_key(|e| e.0);
    let lat_reach = (w.neighbours_km / (111.195 * CELL_DEGREES)).ceil() as i32;
    for gi in 0..gs.groups.len() {
        let range = gs.groups[gi].cands.clone();
        // A name with one reading has nothing to choose.
        if range.len() < 2 {
            continue;
        }
        for cand in &mut gs.cands[range] {
            if !matches!(cand.place.kind, Kind::City | Kind::Admin2) {
                continue;
            }
            let p = cand.place.point;
            let cos_lat = p.y().to_radians().cos().max(0.05);
            let lon_reach = ((w.neighbours_km / (111.195 * CELL_DEGREES * cos_lat)).ceil() as i32).min(720);
            let (cy, cx) = cell(p);
            // Distinct other names with a reading close by (at most three count); the same
            // place under another name is no evidence for itself.
            let mut agreeing: [usize; 3] = [usize::MAX; 3];
            let mut n = 0;
            'rows: for y in cy - lat_reach..=cy + lat_reach {
                // The cells of a row within reach lie together in the sorted grid.
                let (from, to) = ((y, cx - lon_reach), (y, cx + lon_reach));
                let first = grid.partition_point(|e| e.0 < from);
                for &(_, g2, idx, q, cq) in grid[first..].iter().take_while(|e| e.0 <= to) {
                    if g2 != gi && idx != cand.place.idx && !agreeing[..n].contains(&g2) && fast_km(q, p, cq) <= w.neighbours_km {
                        agreeing[n] = g2;
                        n += 1;
                        if n == agreeing.len() {
                            break 'rows;
                        }
                    }
                }
            }
            cand.base += w.neighbours * n as f64;
            cand.score = cand.base;
        }
    }
}

/// In a few rounds, each name takes the candidate that best fits the other names' current
/// choices: their countries and first-order divisions, their nearness, and containers
/// ("Paris, Texas" puts Paris inside Texas).
fn rounds(g: &Gazetteer, mentions: &[Mention], found: &Found, ctx: &Context, gs: &mut Groups, w: &Weights) {
    // A city's people are as ambiguous as its name: Londoners live in Ontario too.
    let of_a_city = |id: u32| g.by_id(id).is_some_and(|p| p.kind == Kind::City);
    let demonym_countries: Vec<u16> = found
        .demonyms
        .iter()
        .filter(|d| !d.place.is_some_and(of_a_city))
        .filter_map(|d| d.country.as_deref())
        .map(country_key)
        .collect();
    let home: Option<u16> = ctx.home.map(country_key);
    // Buffers of the rounds, emptied at the start of each.
    let mut country_w: HashMap<u16, f64> = HashMap::default();
    let mut admin1_w: HashMap<(u16, u32), f64> = HashMap::default();
    // (group, place, point, ln of weight, cos of latitude) for the fast distance below.
    let mut points: Vec<(usize, PlaceIdx, geo::Point<f64>, f64, f64)> = Vec::new();
    let mut choices: Vec<Option<Brief>> = Vec::with_capacity(gs.groups.len());
    let mut containers: Vec<Brief> = Vec::new();
    for round in 0..w.rounds {
        // Evidence from every group's current choice.
        country_w.clear();
        admin1_w.clear();
        points.clear();
        for c in &ctx.countries {
            *country_w.entry(country_key(c)).or_default() += 2.0;
        }
        for &c in demonym_countries.iter().chain(&home) {
            *country_w.entry(c).or_default() += 0.5;
        }
        for (gi, grp) in gs.groups.iter().enumerate() {
            let Some(c) = gs.chosen(gi) else { continue };
            let p = c.place;
            let weight = grp.weight();
            if p.country != 0 {
                let k = if p.kind == Kind::Country { 2.0 } else { 1.0 };
                *country_w.entry(p.country).or_default() += weight * k;
            }
            // Region rows have a first-order division only where they lie in one (a district,
            // a camp, an island).
            if p.kind != Kind::Country && p.admin1 != 0 {
                let k = if p.kind == Kind::Admin1 { 2.0 } else { 1.0 };
                *admin1_w.entry((p.country, p.admin1)).or_default() += weight * k;
            }
            if matches!(p.kind, Kind::City | Kind::Admin2) {
                points.push((gi, p.idx, p.point, weight.ln(), p.point.y().to_radians().cos()));
            }
        }
        // Strongest points only, so that long documents stay linear.
        points.sort_by(|a, b| b.3.total_cmp(&a.3));
        points.truncate(64);

        choices.clear();
        choices.extend((0..gs.groups.len()).map(|gi| gs.chosen(gi).map(|c| c.place)));
        for gi in 0..gs.groups.len() {
            let own = choices[gi];
            let grp = &gs.groups[gi];
            let own_w = grp.weight();
            let members = &gs.members[grp.members.clone()];
            containers.clear();
            containers.extend(members.iter().filter_map(|&m| mentions[m].container).filter_map(|c| choices[gs.group_of[c]]));
            // A container speaks for the mention it follows: in a text that names "Boston"
            // six times and "Boston, Massachusetts" once, it is one voice in six.
            let container_share = 1.0 / members.len() as f64;
            for cand in &mut gs.cands[grp.cands.clone()] {
                let p = cand.place;
                let mut s = cand.base;
                // Country evidence, without this group's own vote.
                let mut cw = country_w.get(&p.country).copied().unwrap_or(0.0);
                if let Some(o) = own {
                    if o.country == p.country {
                        cw -= own_w * if o.kind == Kind::Country { 2.0 } else { 1.0 };
                    }
                }
                s += w.country * (1.0 + cw.max(0.0)).ln();
                let mut aw = admin1_w.get(&(p.country, p.admin1)).copied().unwrap_or(0.0);
                if let Some(o) = own {
                    if o.country == p.country && o.admin1 == p.admin1 && o.kind != Kind::Country {
                        aw -= own_w * if o.kind == Kind::Admin1 { 2.0 } else { 1.0 };
                    }
                }
                if p.kind != Kind::Country && p.admin1 != 0 {
                    s += w.admin1 * (1.0 + aw.max(0.0)).ln();
                }
                if matches!(p.kind, Kind::City | Kind::Admin2) {
                    // Nearness to other places: not to this very place under another name
                    // ("Mexico City" named beside "Mexico" says nothing for the city).
                    // The nearest weighted point: max of wt·e^(−d/km), found as the max of
                    // ln wt − d/km, with one exponential per candidate instead of one per point.
                    let near_log = points
                        .iter()
                        .filter(|(g2, idx, ..)| *g2 != gi && *idx != p.idx)
                        .map(|(_, _, q, ln_wt, cos_lat)| ln_wt - fast_km(p.point, *q, *cos_lat) / w.proximity_km)
                        .fold(f64::NEG_INFINITY, f64::max);
                    s += w.proximity * near_log.exp();
                }
                for c in &containers {
                    let inside = c.country == p.country && (c.kind == Kind::Country || c.admin1 == p.admin1);
                    if inside && c.idx != p.idx {
                        s += w.container * container_share;
                    }
                }
                cand.score = s;
            }
        }
        // A group's confidence weighs its evidence in the next round; after the last, the
        // readings work out their shares afresh.
        let last = round + 1 == w.rounds;
        for gi in 0..gs.groups.len() {
            pick(gs, gi, !last);
        }
    }
}

/// One [`Resolved`] per mention that has candidates. What each group says is worked out once
/// for all its mentions: the chosen place, its share of the softmax, and the runners-up. The
/// last mention of a group takes the reading, the others a copy.
fn readings(g: &Gazetteer, text: &str, mentions: &[Mention], gs: &Groups, runners_up: bool) -> Vec<Resolved> {
    let mut order: Vec<usize> = Vec::new();
    let mut readings: Vec<Option<Reading>> = (0..gs.groups.len()).map(|gi| reading(g, gs, gi, runners_up, &mut order)).collect();
    let mut out = Vec::with_capacity(mentions.len());
    for (mi, m) in mentions.iter().enumerate() {
        let gi = gs.group_of[mi];
        let last = gs.members[gs.groups[gi].members.clone()].last() == Some(&mi);
        let r = if last { readings[gi].take() } else { readings[gi].clone() };
        let Some(r) = r else { continue };
        out.push(Resolved {
            start: m.start,
            end: m.end,
            surface: m.surface(text).to_string(),
            place: r.place,
            precision: r.precision,
            confidence: round3(r.prob * m.score as f64),
            alternatives: r.alternatives,
        });
    }
    out
}

/// A group's outcome, shared by its mentions.
#[derive(Clone)]
struct Reading {
    place: PlaceRef,
    precision: Precision,
    prob: f64,
    alternatives: Vec<(PlaceRef, f64)>,
}

/// The outcome of group `gi`, with its three runners-up when `runners_up`; only here are the
/// names of places decoded. `order` is a buffer.
fn reading(g: &Gazetteer, gs: &Groups, gi: usize, runners_up: bool, order: &mut Vec<usize>) -> Option<Reading> {
    let grp = &gs.groups[gi];
    let cands = &gs.cands[grp.cands.clone()];
    let best = cands.get(grp.choice)?;
    // Shares of the softmax: e^(s − max) / Σ.
    let max = cands.iter().map(|c| c.score).fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = cands.iter().map(|c| (c.score - max).exp()).sum();
    let prob = |i: usize| (cands[i].score - max).exp() / sum;
    order.clear();
    if runners_up {
        order.extend(0..cands.len());
        order.sort_by(|&a, &b| cands[b].score.total_cmp(&cands[a].score));
    }
    let alternatives = order
        .iter()
        .filter(|&&i| i != grp.choice)
        .take(3)
        .map(|&i| (PlaceRef::from(g.place(cands[i].place.idx)), round3(prob(i))))
        .collect();
    let chosen = g.place(best.place.idx);
    Some(Reading {
        precision: Precision::of_place(chosen.kind, chosen.feature),
        place: PlaceRef::from(chosen),
        prob: prob(grp.choice),
        alternatives,
    })
}

/// Equirectangular distance in km: within a few percent of the great circle at the distances
/// where proximity matters (hundreds of km), and without trigonometry per pair.
#[inline]
fn fast_km(a: geo::Point<f64>, b: geo::Point<f64>, cos_lat: f64) -> f64 {
    let dlat = b.y() - a.y();
    let mut dlon = (b.x() - a.x()).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    111.195 * (dlat * dlat + (dlon * cos_lat).powi(2)).sqrt()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Group `gi` takes its best-scoring candidate; with `confidence`, also that candidate's share
/// of the softmax, which weighs the group's evidence in the next round.
fn pick(gs: &mut Groups, gi: usize, confidence: bool) {
    let grp = &mut gs.groups[gi];
    let cands = &gs.cands[grp.cands.clone()];
    if cands.is_empty() {
        return;
    }
    let mut best = 0;
    for (i, c) in cands.iter().enumerate() {
        if c.score > cands[best].score {
            best = i;
        }
    }
    grp.choice = best;
    if !confidence {
        return;
    }
    // The best candidate's share of the softmax, without building it.
    let max = cands[best].score;
    grp.conf = 1.0 / cands.iter().map(|c| (c.score - max).exp()).sum::<f64>();
}
