//! The layout of the binary gazetteer index, shared by its writer and its reader.
//!
//! ```text
//! header (HEADER_SIZE bytes, little-endian)
//!   magic "DLGZ" | version u32 | place count u32 | reserved u32
//!   SECTION_COUNT × (offset u64, length u64)
//!   FNV-1a 64 checksum of everything after the header
//! sections, in this order:
//!   places     PLACE_SIZE bytes each, sorted by id:
//!              id u32 | lat f32 | lon f32 | population u32 | name, admin1, admin2 (string offsets u32)
//!              | country [u8; 2] | kind u8 | feature u8
//!   strings    u8 length + UTF-8 bytes, addressed by offset (0 is the empty string)
//!   postings   u32 lists: count, then entries (place index in the low IDX_BITS, flags above)
//!   names      fst map: normalised name → one entry inline, or LIST_TAG | offset of a list
//!   demonyms   8 bytes each: country [u8; 2] | language [u8; 2] | place id u32 (0: the form
//!              names a country, not a place within one), sorted by key
//!   demonym    fst map: normalised form → (first row << 8) | row count
//!   words      fst map: normalised word → zipf×10 per language slot, one byte each
//!   about      UTF-8 text: where the data came from
//! ```
//!
//! This file is also compiled into `build.rs`, so it uses only `std`.

pub const MAGIC: &[u8; 4] = b"DLGZ";
pub const VERSION: u32 = 2;
pub const SECTION_COUNT: usize = 8;
pub const HEADER_SIZE: usize = 16 + SECTION_COUNT * 16 + 8;
pub const PLACE_SIZE: usize = 32;
pub const DEMONYM_SIZE: usize = 8;
pub const IDX_BITS: u32 = 26;
pub const IDX_MASK: u32 = (1 << IDX_BITS) - 1;
pub const MAX_PLACES: u32 = IDX_MASK;
pub const LIST_TAG: u64 = 1 << 40;
pub const MAX_KEY_LEN: usize = 120;
/// Posting flag: the key is the place's primary name.
pub const FLAG_PRIMARY: u32 = 1;

pub const SEC_PLACES: usize = 0;
pub const SEC_STRINGS: usize = 1;
pub const SEC_POSTINGS: usize = 2;
pub const SEC_NAMES: usize = 3;
pub const SEC_DEMONYMS: usize = 4;
pub const SEC_DEMONYM_FST: usize = 5;
pub const SEC_WORDS: usize = 6;
pub const SEC_ABOUT: usize = 7;

/// FNV-1a, 64 bits: cheap, and enough to tell a truncated or damaged file from a good one.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
