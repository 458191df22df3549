//! Integration tests, in one binary: the gazetteer and `geocode`, the geoparser on our own test
//! articles and on the Euronews fixture, `eval`, and the GeoNames importer.

mod eval;
mod euronews;
mod gazetteer;
mod geocode_cli;
mod import;
mod places;
mod store;
mod api;
mod e2e;
mod events;
mod ogc;
mod hostile;
mod crash;
mod load;
mod pg;
mod postgis;
mod robustness;
mod schemathesis;
mod util;
