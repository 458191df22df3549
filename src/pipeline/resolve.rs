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
use super::qualifiers::Wants;
use crate::gazetteer::{Gazetteer, Kind, Place, PlaceIdx};
use crate::model::{PlaceRef, Precision, Resolved};
use rustc_hash::FxHashMap as HashMap;

/// Most candidates considered per name (the index orders them by prior).
pub const MAX_CANDIDATES: usize = 48;

/// Population from which a town that bears a name as its own outranks a country that has the
/// name only as an alternate one.
const ALTERNATE_COUNTRY_TOWN: u64 = 20_000;

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

struct Cand<'g> {
    place: Place<'g>,
    base: f64,
    score: f64,
}

struct Group<'g> {
    /// Mentions (indices) that share this name.
    members: Vec<usize>,
    cands: Vec<Cand<'g>>,
    choice: usize,
    conf: f64,
    dateline: bool,
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
    // Group by normalised surface: one sense per name per document.
    let mut by_key: HashMap<String, usize> = HashMap::default();
    let mut groups: Vec<Group<'_>> = Vec::new();
    for (mi, m) in mentions.iter().enumerate() {
        let key = crate::gazetteer::normalize::normalize(m.surface(text));
        let gi = *by_key.entry(key).or_insert_with(|| {
            groups.push(Group { members: Vec::new(), cands: Vec::new(), choice: 0, conf: 0.0, dateline: false });
            groups.len() - 1
        });
        groups[gi].members.push(mi);
        groups[gi].dateline |= m.dateline;
    }
    for grp in &mut groups {
        let wants: Vec<Wants> = grp.members.iter().filter_map(|&i| mentions[i].wants).collect();
        let base_of = |place: &Place<'_>, primary: bool| place.prior() + if primary { w.primary } else { 0.0 };
        // Candidate sets of members can differ only if their automaton values differ (they
        // share a normalised key, so they do not); take the first member's.
        let postings = g.postings(mentions[grp.members[0]].value);
        let places: Vec<(Place<'_>, bool)> =
            postings.iter().take(MAX_CANDIDATES).map(|p| (g.place(p.idx), p.primary)).collect();
        // The divisions among the candidates, with their base scores (few: most names have
        // none), so that each city is compared with them alone.
        let divisions: Vec<(&str, &str, f64)> = places
            .iter()
            .filter(|(o, _)| matches!(o.kind, Kind::Admin1 | Kind::Admin2))
            .map(|(o, p)| (o.country, o.admin1, base_of(o, *p)))
            .collect();
        // A town of some size that bears the name as its own name ("Columbia", "Norfolk")
        // is what the name means before a country or territory that has it only among its
        // other names (Colombia, Norfolk Island), unless the text points to that country.
        let own_name_town = places
            .iter()
            .filter(|(o, p)| *p && o.kind == Kind::City && o.population >= ALTERNATE_COUNTRY_TOWN)
            .map(|(o, p)| base_of(o, *p))
            .fold(f64::NEG_INFINITY, f64::max);
        grp.cands.reserve_exact(places.len());
        for &(place, primary) in &places {
            let mut base = base_of(&place, primary);
            if !primary && place.kind == Kind::Country && own_name_town.is_finite() {
                base = base.min(own_name_town - 0.1);
            }
            if let Some(fit) = wants.iter().map(|x| x.fit(place.kind)).reduce(f64::max) {
                base += w.wants * fit;
            } else if place.kind == Kind::City {
                // A city that shares its name with the division it lies in is what a bare
                // name means ("Alep", "Idlib", "New York"): it gets just enough to outrank
                // that division, and no more, so that it does not outrank other places.
                let division = divisions
                    .iter()
                    .filter(|(country, admin1, _)| *country == place.country && *admin1 == place.admin1)
                    .map(|d| d.2)
                    .fold(f64::NEG_INFINITY, f64::max);
                if division.is_finite() {
                    base += (division - base + 0.2).clamp(0.0, w.city_over_admin);
                }
            }
            grp.cands.push(Cand { place, base, score: base });
        }
    }
    // Readings that agree: a candidate with a candidate of another name close by (among
    // that name's likeliest readings) is a coherent reading of both, whatever the current
    // choices are, which the rounds below, starting from the priors, cannot find alone
    // ("Paris and Henry County": Paris, Tennessee, and the county around it).
    if w.neighbours > 0.0 && groups.len() > 1 {
        // The likeliest cities and counties of every name, in a grid of half-degree cells.
        let mut grid: HashMap<(i32, i32), Vec<(usize, PlaceIdx, geo::Point<f64>, f64)>> = HashMap::default();
        for (gi, grp) in groups.iter().enumerate() {
            let mut v: Vec<&Cand<'_>> = grp.cands.iter().filter(|c| matches!(c.place.kind, Kind::City | Kind::Admin2)).collect();
            v.sort_by(|a, b| b.base.total_cmp(&a.base));
            for c in v.into_iter().take(NEIGHBOUR_CANDIDATES) {
                let p = c.place.point;
                grid.entry(cell(p)).or_default().push((gi, c.place.idx, p, p.y().to_radians().cos()));
            }
        }
        let lat_reach = (w.neighbours_km / (111.195 * CELL_DEGREES)).ceil() as i32;
        for gi in 0..groups.len() {
            // A name with one reading has nothing to choose.
            if groups[gi].cands.len() < 2 {
                continue;
            }
            for cand in &mut groups[gi].cands {
                if !matches!(cand.place.kind, Kind::City | Kind::Admin2) {
                    continue;
                }
                let p = cand.place.point;
                let cos_lat = p.y().to_radians().cos().max(0.05);
                let lon_reach = ((w.neighbours_km / (111.195 * CELL_DEGREES * cos_lat)).ceil() as i32).min(720);
                let (cy, cx) = cell(p);
                // Distinct other names with a reading close by (at most three count); the
                // same place under another name is no evidence for itself.
                let mut agreeing: [usize; 3] = [usize::MAX; 3];
                let mut n = 0;
                'cells: for dy in -lat_reach..=lat_reach {
                    for dx in -lon_reach..=lon_reach {
                        let Some(v) = grid.get(&(cy + dy, cx + dx)) else { continue };
                        for &(g2, idx, q, cq) in v {
                            if g2 != gi && idx != cand.place.idx && !agreeing[..n].contains(&g2) && fast_km(q, p, cq) <= w.neighbours_km {
                                agreeing[n] = g2;
                                n += 1;
                                if n == agreeing.len() {
                                    break 'cells;
                                }
                            }
                        }
                    }
                }
                cand.base += w.neighbours * n as f64;
                cand.score = cand.base;
            }
        }
    }
    // Containers: "Paris, Texas" puts Paris inside Texas.
    let group_of: Vec<usize> = {
        let mut v = vec![0; mentions.len()];
        for (gi, grp) in groups.iter().enumerate() {
            for &m in &grp.members {
                v[m] = gi;
            }
        }
        v
    };

    for gi in 0..groups.len() {
        pick(&mut groups[gi]);
    }

    let demonym_countries: Vec<&str> =
        found.demonyms.iter().filter_map(|d| d.country.as_deref()).collect();

    // Buffers of the rounds, emptied at the start of each.
    let mut country_w: HashMap<&str, f64> = HashMap::default();
    let mut admin1_w: HashMap<(&str, &str), f64> = HashMap::default();
    // (group, place, point, ln of weight, cos of latitude) for the fast distance below.
    let mut points: Vec<(usize, PlaceIdx, geo::Point<f64>, f64, f64)> = Vec::new();
    let mut choices: Vec<Option<Place<'_>>> = Vec::with_capacity(groups.len());
    for _round in 0..w.rounds {
        // Evidence from every group's current choice.
        country_w.clear();
        admin1_w.clear();
        points.clear();
        for c in &ctx.countries {
            *country_w.entry(c.as_str()).or_default() += 2.0;
        }
        for c in &demonym_countries {
            *country_w.entry(c).or_default() += 0.5;
        }
        for (gi, grp) in groups.iter().enumerate() {
            let Some(c) = grp.cands.get(grp.choice) else { continue };
            let p = c.place;
            let weight = grp.conf * if grp.dateline { 3.0 } else { 1.0 };
            if !p.country.is_empty() {
                let k = if p.kind == Kind::Country { 2.0 } else { 1.0 };
                *country_w.entry(p.country).or_default() += weight * k;
            }
            if matches!(p.kind, Kind::Admin1 | Kind::Admin2 | Kind::City) && !p.admin1.is_empty() {
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
        choices.extend(groups.iter().map(|grp| grp.cands.get(grp.choice).map(|c| c.place)));
        for gi in 0..groups.len() {
            let own = choices[gi];
            let own_w = groups[gi].conf * if groups[gi].dateline { 3.0 } else { 1.0 };
            let containers: Vec<Place<'_>> = groups[gi]
                .members
                .iter()
                .filter_map(|&m| mentions[m].container)
                .filter_map(|c| choices[group_of[c]])
                .collect();
            // A container speaks for the mention it follows: in a text that names "Boston"
            // six times and "Boston, Massachusetts" once, it is one voice in six.
            let container_share = 1.0 / groups[gi].members.len() as f64;
            for cand in &mut groups[gi].cands {
                let p = cand.place;
                let mut s = cand.base;
                // Country evidence, without this group's own vote.
                let mut cw = country_w.get(p.country).copied().unwrap_or(0.0);
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
                if matches!(p.kind, Kind::City | Kind::Admin2 | Kind::Admin1) && !p.admin1.is_empty() {
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
        for grp in &mut groups {
            pick(grp);
        }
    }

    // What each group says, worked out once for all its mentions: the chosen place, its
    // share of the softmax, and the runners-up. The last mention of a group takes the
    // reading, the others a copy.
    let mut readings: Vec<Option<Reading>> = groups.iter().map(reading).collect();
    let mut out = Vec::with_capacity(mentions.len());
    for (mi, m) in mentions.iter().enumerate() {
        let gi = group_of[mi];
        let last = groups[gi].members.last() == Some(&mi);
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

fn reading(grp: &Group<'_>) -> Option<Reading> {
    let best = grp.cands.get(grp.choice)?;
    let probs = softmax(&grp.cands);
    let mut order: Vec<usize> = (0..grp.cands.len()).collect();
    order.sort_by(|&a, &b| grp.cands[b].score.total_cmp(&grp.cands[a].score));
    let alternatives = order
        .iter()
        .filter(|&&i| i != grp.choice)
        .take(3)
        .map(|&i| (PlaceRef::from(grp.cands[i].place), round3(probs[i])))
        .collect();
    Some(Reading { place: PlaceRef::from(best.place), precision: Precision::of(best.place.kind), prob: probs[grp.choice], alternatives })
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

fn softmax(c: &[Cand<'_>]) -> Vec<f64> {
    let max = c.iter().map(|c| c.score).fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = c.iter().map(|c| (c.score - max).exp()).collect();
    let sum: f64 = e.iter().sum();
    e.iter().map(|x| x / sum).collect()
}

fn pick(grp: &mut Group<'_>) {
    if grp.cands.is_empty() {
        return;
    }
    let mut best = 0;
    for (i, c) in grp.cands.iter().enumerate() {
        if c.score > grp.cands[best].score {
            best = i;
        }
    }
    grp.choice = best;
    // The best candidate's share of the softmax, without building it.
    let max = grp.cands[best].score;
    grp.conf = 1.0 / grp.cands.iter().map(|c| (c.score - max).exp()).sum::<f64>();
}
