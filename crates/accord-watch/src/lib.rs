//! `accord build` and `accord watch`: the summaries of a dataset, built once or kept current.
//! [`site::Site`] caches every record's check and event; [`watch`] feeds it the paths that
//! file-system events name.

pub mod serve;
pub mod site;
pub mod watch;

pub use site::{Rebuild, Site, SiteError};
