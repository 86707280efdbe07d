//! Publishing: rendering what changed since the last rebuild and writing it, the overview
//! every time, the files of dirty years, the pages of dirty events and the browse pages and
//! feeds of dirty keys.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use accord_fs::OutDir;
use std::sync::Arc;

use accord_summary::browse::{self, Key};
use accord_summary::{Dataset, Earlier, Event, Fresh, Part};
use rayon::prelude::*;

use super::output::folder_at;
use super::{Rebuild, Site, SiteError, finished_report};

/// A key's browse pages and feed as last written.
#[derive(Debug, Clone, Default)]
pub(super) struct Layout {
    /// The pages, oldest first.
    pages: Vec<Written>,
    /// A hash of the feed's entries' ids, in order.
    feed: u64,
}

/// A browse page as last written: its name, how many events it lists and their fingerprint.
/// Its neighbours are the pages beside it in its key's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Written {
    name: String,
    len: usize,
    fingerprint: u64,
}

impl Site {
    /// Writes the outputs whose bytes changed since the last write (or differ from what is on
    /// disk, the first time), each atomically: the overview every time (it is small), the files
    /// of the years whose events changed, and nothing else. Year files of years without events
    /// are removed. An output folder that is not there yet is made whole under a temporary
    /// name and moved into place at the end ([`OutDir::create`]).
    pub fn rebuild(&mut self) -> Result<Rebuild, SiteError> {
        let write_error = |path: &Path, source| SiteError::Write {
            path: path.display().to_string(),
            source,
        };
        // Opened without following a link, and its year folders made real folders (a link
        // there is replaced): nothing is written or removed outside it.
        let mut out_dir = OutDir::create(&self.out).map_err(|e| write_error(&self.out, e))?;
        let staged = out_dir.is_staged();
        let result = self.write_into(&out_dir).and_then(|rebuild| {
            out_dir
                .publish()
                .map_err(|e| write_error(&self.out, e))
                .map(|()| rebuild)
        });
        if result.is_err() && staged {
            // What was written went with the staged folder: everything is written next time.
            drop(out_dir);
            self.all_dirty = true;
            self.layouts.clear();
            self.written.clear();
        }
        result
    }

    /// [`Site::rebuild`] into an opened output folder.
    fn write_into(&mut self, out_dir: &OutDir) -> Result<Rebuild, SiteError> {
        let write_error = |path: &Path, source| SiteError::Write {
            path: path.display().to_string(),
            source,
        };
        let mut year_dirs = Vec::new();
        for &folder in accord_summary::YEAR_FOLDERS.iter() {
            let dir = out_dir
                .subfolder(folder)
                .map_err(|e| write_error(&self.out.join(folder), e))?;
            year_dirs.push((folder, dir));
        }

        let mut years = std::mem::take(&mut self.dirty_years);
        if self.all_dirty {
            years.extend(self.dataset.years().keys().copied());
            years.extend(year_files_on_disk(&year_dirs));
        }
        // The overview (one core) and the years' files (the rest) are written side by side: an
        // edit rewrites the overview and one year.
        let (dataset, out, linter, site) = (&self.dataset, &self.out, &self.linter, &self.info);
        let year_dirs = &year_dirs;
        let previous = &mut self.written;
        let year_files = self.watching.then_some(&self.year_files);
        let events_dir = year_dirs
            .iter()
            .find(|(f, _)| *f == "events")
            .map(|(_, d)| d);
        // After a full read every event's page is written: its JSON file comes from the year's.
        let event_files = events_dir.filter(|_| self.all_dirty);
        let (overview, per_year) = rayon::join(
            || -> Result<Vec<String>, SiteError> {
                let mut written = Vec::new();
                for (name, text) in
                    accord_summary::render_overview(dataset, linter.vocabularies(), site)
                {
                    // An output in a subfolder (`schema/v1/record.schema.json`) is written
                    // through its folders, each opened without following a link.
                    let (folder, file) = match name.rsplit_once('/') {
                        Some((folders, file)) => (
                            Some(
                                folder_at(out_dir, folders)
                                    .map_err(|e| write_error(&out.join(folders), e))?,
                            ),
                            file,
                        ),
                        None => (None, name.as_str()),
                    };
                    let dir = folder.as_ref().unwrap_or(out_dir);
                    // What this process wrote last time is known without reading it back.
                    let unchanged =
                        previous.get(&name) == Some(&text) && dir.open_existing(file).is_some();
                    if !unchanged
                        && dir
                            .write_if_changed(file, &[text.as_bytes()])
                            .map_err(|e| write_error(&out.join(&name), e))?
                    {
                        written.push(name.clone());
                    }
                    previous.insert(name, text);
                }
                Ok(written)
            },
            || -> Vec<Result<YearWritten, SiteError>> {
                years
                    .par_iter()
                    .map(|&year| write_year(dataset, out, year_dirs, year, year_files, event_files))
                    .collect()
            },
        );
        let (mut written, mut failed) = match overview {
            Ok(written) => (written, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        for result in per_year {
            match result {
                Ok((done, layouts)) => {
                    written.extend(done);
                    for (name, layout) in layouts {
                        match layout {
                            Some(layout) => self.year_files.insert(name, layout),
                            None => self.year_files.remove(&name),
                        };
                    }
                }
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        if let Some(e) = failed {
            // Try these years again at the next rebuild rather than leave them stale, rendered
            // whole.
            for &year in &years {
                for name in accord_summary::year_outputs(year) {
                    self.year_files.remove(&name);
                }
            }
            self.dirty_years.extend(years);
            return Err(e);
        }
        self.phases.lap("overview and year files");
        // The browse pages first: they need to know which events' pages are dirty.
        written.extend(self.write_browse(out_dir)?);
        self.phases.lap("browse pages and feeds");
        if let Some(dir) = events_dir {
            written.extend(self.write_pages(dir)?);
        }
        self.phases.lap("event pages");
        self.all_dirty = false;

        let (reports, cleared, files) = match self.early.take() {
            Some(done) => done,
            None => {
                let (reports, cleared) = self.reports();
                (reports, cleared, self.entries.len())
            }
        };
        Ok(Rebuild {
            events: self.dataset.len(),
            left_out: self.dataset.left_out,
            reports,
            cleared,
            written,
            files,
            ignored: self.ignored.len(),
            phases: self.phases.take(),
        })
    }

    /// The finished reports of the files settled since the last rebuild (of every file with
    /// diagnostics, after a full read), and the files whose diagnostics went.
    pub(super) fn reports(&mut self) -> (Vec<accord_lint::FileReport>, Vec<std::path::PathBuf>) {
        let mut reports = Vec::new();
        let mut cleared = Vec::new();
        let all = std::mem::take(&mut self.report_all);
        if all {
            reports.extend(
                self.entries
                    .values()
                    .filter(|e| !e.finished.is_empty())
                    .map(|e| finished_report(&self.root, e)),
            );
        }
        for (path, had) in std::mem::take(&mut self.settled) {
            match self.entries.get(&path).filter(|e| !e.finished.is_empty()) {
                // Already reported with every other file.
                Some(_) if all => {}
                Some(entry) => reports.push(finished_report(&self.root, entry)),
                None if had => cleared.push(path),
                None => {}
            }
        }
        (reports, cleared)
    }

    /// Writes the browse pages and feeds of the dirty keys (every key's after a full read, when
    /// the folders of keys no longer there are removed too). Of a key's pages, only those that
    /// hold a dirty event, or whose length, events or neighbours changed since they were last
    /// written, are rendered again; the key's newest page (with the key's total) and its feed
    /// always are, and are written only when their bytes changed. Pages no longer in the
    /// layout are removed.
    fn write_browse(&mut self, out_dir: &OutDir) -> Result<Vec<String>, SiteError> {
        let all = self.all_dirty;
        let mut keys = std::mem::take(&mut self.dirty_keys);
        if all {
            keys.extend(self.dataset.keys().map(|(k, _)| k.clone()));
            keys.extend(self.layouts.keys().cloned());
            keys.extend(keys_on_disk(out_dir));
        }
        let browse = Browse {
            dataset: &self.dataset,
            all,
            dirty: &self.dirty_pages,
            vocabularies: self.linter.vocabularies(),
            site: &self.info,
            out_dir,
        };
        let (layouts, out) = (&self.layouts, &self.out);
        let keys: Vec<Key> = keys.into_iter().collect();
        let results: Vec<Result<KeyWritten, SiteError>> = keys
            .par_iter()
            .map(|key| {
                let old = if all { None } else { layouts.get(key) };
                browse
                    .write_key(key, old)
                    .map_err(|(file, source)| SiteError::Write {
                        path: out.join(file).display().to_string(),
                        source,
                    })
            })
            .collect();
        let mut written = Vec::new();
        let mut failed = None;
        for (key, result) in keys.into_iter().zip(results) {
            match result {
                Ok((done, layout)) => {
                    written.extend(done);
                    if layout.pages.is_empty() {
                        self.layouts.remove(&key);
                    } else {
                        self.layouts.insert(key, layout);
                    }
                }
                Err(e) => {
                    // Written in full at the next rebuild.
                    self.layouts.remove(&key);
                    self.dirty_keys.insert(key);
                    failed = failed.or(Some(e));
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(written),
        }
    }

    /// Writes the pages and JSON files of the events whose pages are dirty (every event's after
    /// a full read, when files of events no longer there are removed too), and of the events
    /// that link to one whose page came or went. An event neither in the dataset nor retracted
    /// (its record has errors, or is gone) has no page.
    fn write_pages(&mut self, dir: &OutDir) -> Result<Vec<String>, SiteError> {
        let mut ids = std::mem::take(&mut self.dirty_pages);
        let all = self.all_dirty;
        let dataset = &self.dataset;
        let find = |id: &str| dataset.get(id).or_else(|| dataset.retracted(id));
        // What to write: every event with a page after a full read (walked in the dataset,
        // no id looked up), else the dirty ones; and the files of events no longer there.
        let mut pages: Vec<(&str, Option<&Event>)> = Vec::new();
        if all {
            // (Every dirty id is among these, or among the files below.)
            ids.clear();
            pages.extend(dataset.events().map(|e| (e.id(), Some(e))));
            // A retracted event has a page unless an event in the dataset has its id.
            pages.extend(
                dataset
                    .retracted_events()
                    .filter(|e| dataset.get(e.id()).is_none())
                    .map(|e| (e.id(), Some(e))),
            );
            // Files of events that are no longer there (none in a folder this build made:
            // all it holds are the year files' JSON of events in the dataset).
            let on_disk = if dir.is_fresh() {
                Vec::new()
            } else {
                dir.names().unwrap_or_default()
            };
            for name in on_disk {
                let name = name.to_string_lossy();
                if accord_summary::page::is_event_file(&name) {
                    let stem = name.rsplit_once('.').map_or(&*name, |(stem, _)| stem);
                    if find(stem).is_none() {
                        ids.insert(stem.to_owned());
                    }
                }
            }
        } else if !ids.is_empty() {
            // A page whose related events' pages came or went links differently now.
            let linking: Vec<String> = ids
                .iter()
                .flat_map(|id| dataset.linking_to(id))
                .map(str::to_owned)
                .collect();
            ids.extend(linking);
        }
        pages.extend(
            ids.iter()
                .map(|id| (id.as_str(), find(id).map(AsRef::as_ref))),
        );
        let site = &self.info;
        let has_page = |id: &str| find(id).is_some();
        let (as_of, out) = (self.as_of, &self.out);
        let results: Vec<Result<Vec<String>, SiteError>> = pages
            .par_iter()
            .map(|&(id, event)| {
                let page = accord_summary::page::page_path(id);
                let json = accord_summary::page::json_path(id);
                let files = [
                    (page.rsplit_once('/').map_or(&*page, |(_, f)| f), &page),
                    (json.rsplit_once('/').map_or(&*json, |(_, f)| f), &json),
                ];
                let mut done = Vec::new();
                let Some(event) = event else {
                    for (file, name) in files {
                        if dir.remove(file).unwrap_or(false) {
                            done.push(name.clone());
                        }
                    }
                    return Ok(done);
                };
                // After a full read, the year files wrote the JSON of every event in the
                // dataset from the fragment they rendered for it; a retracted event's is
                // written here.
                let json_written =
                    all && dataset.get(id).is_some_and(|e| std::ptr::eq(&**e, event));
                let texts = [
                    Some(accord_summary::page::render(event, site, as_of, &has_page)),
                    (!json_written).then(|| accord_summary::page::json(event)),
                ];
                for ((file, name), text) in files.into_iter().zip(texts) {
                    let Some(text) = text else { continue };
                    let wrote =
                        dir.write_if_changed(file, &[text.as_bytes()])
                            .map_err(|source| SiteError::Write {
                                path: out.join(name).display().to_string(),
                                source,
                            })?;
                    if wrote {
                        done.push(name.clone());
                    }
                }
                Ok(done)
            })
            .collect();
        let mut written = Vec::new();
        let mut failed = None;
        for (&(id, _), result) in pages.iter().zip(results) {
            match result {
                Ok(done) => written.extend(done),
                Err(e) => {
                    // Tried again at the next rebuild.
                    self.dirty_pages.insert(id.to_owned());
                    failed = failed.or(Some(e));
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(written),
        }
    }
}

/// The years that have files in the output folder's year folders.
fn year_files_on_disk(year_dirs: &[(&str, OutDir)]) -> BTreeSet<i32> {
    let mut years = BTreeSet::new();
    for (_, dir) in year_dirs {
        let Ok(names) = dir.names() else {
            continue;
        };
        for name in names {
            let Some(stem) = name
                .to_str()
                .and_then(|n| n.strip_suffix(".json").or_else(|| n.strip_suffix(".csv")))
            else {
                continue;
            };
            if let Ok(year) = stem.parse::<i32>() {
                years.insert(year);
            }
        }
    }
    years
}

/// The year folder an output name (`events/2025.json`) is written in, and its name there.
fn year_place<'d, 'n>(
    year_dirs: &'d [(&str, OutDir)],
    name: &'n str,
) -> Option<(&'d OutDir, &'n str)> {
    let (folder, file) = name.split_once('/')?;
    let dir = year_dirs.iter().find(|(f, _)| *f == folder)?;
    Some((&dir.1, file))
}

/// A year file as the watcher last wrote it: which version of the file, and where each event's
/// fragment is in it. It holds the events, so that no event made since can be taken for one of
/// them (an `Arc`'s address is not reused while it lives).
#[derive(Debug)]
pub(crate) struct YearFile {
    version: accord_fs::Version,
    fragments: Vec<(Arc<Event>, Part, usize, usize)>,
}

/// The most a year file is read back (a year of 100,000 events is about 200 MB of JSON).
const YEAR_FILE_CAP: u64 = 4 << 30;

/// Where each event's fragment is in a file (its first byte and length), by the event's address
/// and which fragment.
type Spans = HashMap<(usize, Part), (usize, usize)>;

/// A year's files as last written, read back to borrow the fragments of the events that did
/// not change: the text of each file and where each event's fragment is in it.
#[derive(Default)]
struct ReadBack {
    /// Per output, in the order of [`accord_summary::year_outputs`].
    files: Vec<Option<(String, Spans)>>,
}

impl ReadBack {
    /// Reads back the year files `layouts` describes, each only if it is still the version
    /// written (a file changed by anyone else is not trusted, and its year is rendered whole).
    fn read(
        names: &[String],
        layouts: &HashMap<String, YearFile>,
        year_dirs: &[(&str, OutDir)],
    ) -> ReadBack {
        let files = names
            .iter()
            .map(|name| {
                let layout = layouts.get(name)?;
                let (dir, file) = year_place(year_dirs, name)?;
                let (bytes, version) = dir.read_existing(file, YEAR_FILE_CAP)?;
                if version != layout.version {
                    return None;
                }
                let text = String::from_utf8(bytes).ok()?;
                let spans = layout
                    .fragments
                    .iter()
                    .filter(|(_, _, start, len)| text.get(*start..start + len).is_some())
                    .map(|(event, part, start, len)| {
                        ((Arc::as_ptr(event) as usize, *part), (*start, *len))
                    })
                    .collect();
                Some((text, spans))
            })
            .collect();
        ReadBack { files }
    }
}

impl Earlier for ReadBack {
    fn fragment(&self, event: &Arc<Event>, part: Part) -> Option<&str> {
        let file = match part {
            Part::Json => 0,
            Part::Csv => 1,
            Part::Commitment(_) => 2,
        };
        let (text, spans) = self.files.get(file)?.as_ref()?;
        let &(start, len) = spans.get(&(Arc::as_ptr(event) as usize, part))?;
        text.get(start..start + len)
    }
}

/// What writing a year did: the outputs written or removed, and (for the watcher) each output's
/// new layout, or `None` for one that is gone.
type YearWritten = (Vec<String>, Vec<(String, Option<YearFile>)>);

/// Renders a year's files and writes those whose bytes differ from what is on disk; removes
/// them when the year has no events. The watcher (`layouts`) borrows the fragments of events
/// that did not change from the files as last written, and gets their new layouts back.
fn write_year(
    dataset: &Dataset,
    out: &Path,
    year_dirs: &[(&str, OutDir)],
    year: i32,
    layouts: Option<&HashMap<String, YearFile>>,
    event_files: Option<&OutDir>,
) -> Result<YearWritten, SiteError> {
    let mut done = Vec::new();
    let mut kept = Vec::new();
    fn place<'d, 'n>(
        out: &Path,
        year_dirs: &'d [(&str, OutDir)],
        name: &'n str,
    ) -> Result<(&'d OutDir, &'n str), SiteError> {
        year_place(year_dirs, name).ok_or_else(|| SiteError::Write {
            path: out.join(name).display().to_string(),
            source: std::io::Error::other("not in a year folder"),
        })
    }
    let names = accord_summary::year_outputs(year);
    let written = match layouts {
        Some(layouts) => ReadBack::read(&names, layouts, year_dirs),
        None => ReadBack::default(),
    };
    let earlier: &dyn Earlier = if layouts.is_some() { &written } else { &Fresh };
    let rendered = accord_summary::render_year(dataset, year, earlier);
    if rendered.is_empty() {
        for name in names {
            let (dir, file) = place(out, year_dirs, &name)?;
            if dir.remove(file).unwrap_or(false) {
                done.push(name.clone());
            }
            kept.push((name, None));
        }
        return Ok((done, kept));
    }
    let old_texts: Vec<Option<&str>> = (0..rendered.len())
        .map(|i| {
            written
                .files
                .get(i)
                .and_then(Option::as_ref)
                .map(|(text, _)| text.as_str())
        })
        .collect();
    /// One output: what was written (it, and the events' JSON files it gave), and its new
    /// layout.
    type OneWritten = (Vec<String>, (String, Option<YearFile>));
    let results: Vec<Result<OneWritten, SiteError>> = rendered
        .into_par_iter()
        .zip(old_texts)
        .map(|((name, pieces), old)| {
            let (dir, file) = place(out, year_dirs, &name)?;
            let parts: Vec<&[u8]> = pieces.parts().map(str::as_bytes).collect();
            let error = |source| SiteError::Write {
                path: out.join(&name).display().to_string(),
                source,
            };
            // What was read back is compared in memory; else what is there is looked at.
            let wrote = match old {
                Some(old) if pieces.equals(old.as_bytes()) => false,
                Some(_) => dir.write(file, &parts).map(|()| true).map_err(error)?,
                None => dir.write_if_changed(file, &parts).map_err(error)?,
            };
            // Each event's JSON file is its fragment of the year's JSON, with a line end:
            // written from it when every page is (`event_files`), rather than rendered again.
            let mut events_written = Vec::new();
            if let Some(events) = event_files {
                for (event, part, text) in pieces.fragment_texts() {
                    if part != Part::Json {
                        continue;
                    }
                    let name = accord_summary::page::json_path(event.id());
                    let file = name.rsplit_once('/').map_or(&*name, |(_, f)| f);
                    let parts = accord_summary::page::json_file(text).map(str::as_bytes);
                    let wrote = events.write_if_changed(file, &parts).map_err(|source| {
                        SiteError::Write {
                            path: out.join(&name).display().to_string(),
                            source,
                        }
                    })?;
                    if wrote {
                        events_written.push(name);
                    }
                }
            }
            let layout = layouts.and_then(|_| {
                Some(YearFile {
                    version: dir.version(file)?,
                    fragments: pieces.fragments(),
                })
            });
            events_written.extend(wrote.then(|| name.clone()));
            Ok((events_written, (name, layout)))
        })
        .collect();
    for result in results {
        let (wrote, layout) = result?;
        done.extend(wrote);
        kept.push(layout);
    }
    Ok((done, kept))
}

/// The keys that have a folder in the output folder's browse folders.
fn keys_on_disk(out_dir: &OutDir) -> Vec<Key> {
    let mut keys = Vec::new();
    for &folder in browse::FOLDERS {
        let Some(dir) = out_dir.existing_subfolder(folder) else {
            continue;
        };
        for name in dir.names().unwrap_or_default() {
            let Some(name) = name.to_str() else { continue };
            if dir.existing_subfolder(name).is_some() {
                keys.extend(Key::from_place(folder, name));
            }
        }
    }
    keys
}

/// What one key's writing did: the files written or removed, and its new layout.
type KeyWritten = (Vec<String>, Layout);

/// What writing a key's browse pages and feed needs.
struct Browse<'a> {
    dataset: &'a Dataset,
    /// Everything is written (after a full read), and whatever else a key's folder holds is
    /// removed.
    all: bool,
    /// The events whose pages are dirty: their rows must be rendered again.
    dirty: &'a BTreeSet<String>,
    vocabularies: &'a accord_schema::Vocabularies,
    site: &'a accord_summary::SiteInfo,
    out_dir: &'a OutDir,
}

impl Browse<'_> {
    /// Writes what changed of one key's pages and feed (all of them after a full read; else
    /// against its `old` layout), removes its pages no longer laid out (and its folder when it has
    /// no events left), and returns what it wrote or removed with the key's new layout. An error
    /// names the file.
    fn write_key(
        &self,
        key: &Key,
        old: Option<&Layout>,
    ) -> Result<KeyWritten, (String, std::io::Error)> {
        let Browse {
            dataset,
            all,
            dirty,
            vocabularies,
            site,
            out_dir,
        } = *self;
        let (folder, name) = key.place();
        let path_of = |file: &str| format!("{folder}/{name}/{file}");
        let pages = browse::layout(dataset, key);
        // The pages that list an event whose row must be rendered again.
        let mut touched = vec![false; pages.len()];
        for id in dirty.iter().filter(|_| !all) {
            let Some(e) = dataset.get(id) else { continue };
            if !browse::keys_of(e).contains(key) {
                continue;
            }
            if let Some(i) = browse::page_of(&pages, e) {
                touched[i] = true;
            }
        }
        let mut done = Vec::new();
        if pages.is_empty() {
            // No events left: the folder goes, with whatever is in it.
            let Some(kind) = out_dir.existing_subfolder(folder) else {
                return Ok((done, Layout::default()));
            };
            if let Some(dir) = kind.existing_subfolder(&name) {
                let files = dir.names().unwrap_or_default();
                let files = files.iter().map(|f| f.to_string_lossy().into_owned());
                remove_each(&dir, files, &path_of, &mut done)?;
                kind.remove_empty_folder(&name)
                    .map_err(|e| (format!("{folder}/{name}"), e))?;
            }
            return Ok((done, Layout::default()));
        }
        let dir = out_dir
            .subfolder(folder)
            .and_then(|kind| kind.subfolder(&name))
            .map_err(|e| (format!("{folder}/{name}"), e))?;
        // Where each page was, by name, in the old layout.
        let was: HashMap<&str, usize> = old
            .map(|old| {
                old.pages
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (w.name.as_str(), i))
                    .collect()
            })
            .unwrap_or_default();
        let name_at = |list: &[Written], i: Option<usize>| -> Option<String> {
            i.and_then(|i| list.get(i)).map(|w| w.name.clone())
        };
        let layout: Vec<Written> = pages
            .iter()
            .map(|p| Written {
                name: p.name.clone(),
                len: p.len,
                fingerprint: p.fingerprint,
            })
            .collect();
        let heading = browse::title(key, dataset, vocabularies);
        // The newest page gives the key's total.
        let total = |pages: &[Written]| pages.iter().map(|w| w.len).sum::<usize>();
        let newest = pages.len() - 1;
        for (i, page) in pages.iter().enumerate() {
            let same = match (old, was.get(page.name.as_str())) {
                (Some(old), Some(&j)) if !all && !touched[i] => {
                    let old = &old.pages;
                    old[j] == layout[i]
                        && name_at(old, j.checked_sub(1)) == name_at(&layout, i.checked_sub(1))
                        && name_at(old, Some(j + 1)) == name_at(&layout, Some(i + 1))
                        // The newest page shows the key's totals (events, money and goods):
                        // any change to one of its events may change them.
                        && (i != newest || (total(old) == total(&layout) && !touched.iter().any(|t| *t)))
                }
                _ => false,
            };
            if same {
                continue;
            }
            let html = browse::render_page(key, &pages, i, dataset, &heading, site);
            let file = format!("{}.html", page.name);
            if dir
                .write_if_changed(&file, &[html.as_bytes()])
                .map_err(|e| (path_of(&file), e))?
            {
                done.push(path_of(&file));
            }
        }
        // The feed changes only when its entries do: which they are, or one of them.
        let entries: Vec<&accord_summary::Event> = dataset
            .recent(Some(key))
            .take(accord_summary::feed::FEED_ENTRIES)
            .collect();
        let feed = entries
            .iter()
            .fold(0u64, |h, e| h.rotate_left(7) ^ browse::page_hash(e.id()));
        let feed_same = !all
            && old.is_some_and(|old| old.feed == feed)
            && !entries.iter().any(|e| dirty.contains(e.id()));
        if !feed_same && let Some((path, xml)) = browse::render_feed(key, dataset, &heading, site) {
            let file = accord_summary::feed::FEED_FILE;
            if dir
                .write_if_changed(file, &[xml.as_bytes()])
                .map_err(|e| (path, e))?
            {
                done.push(path_of(file));
            }
        }
        // Pages no longer laid out: after a full read, whatever else the folder holds.
        let mut keep: HashSet<String> = layout.iter().map(|w| format!("{}.html", w.name)).collect();
        if key.has_feed() {
            keep.insert(accord_summary::feed::FEED_FILE.to_owned());
        }
        let stale: Vec<String> = if all {
            dir.names()
                .unwrap_or_default()
                .into_iter()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !keep.contains(n))
                .collect()
        } else {
            old.into_iter()
                .flat_map(|old| &old.pages)
                .map(|w| format!("{}.html", w.name))
                .filter(|n| !keep.contains(n))
                .collect()
        };
        remove_each(&dir, stale, &path_of, &mut done)?;
        Ok((
            done,
            Layout {
                pages: layout,
                feed,
            },
        ))
    }
}

/// Removes each of `files` from `dir`, noting in `done` (as `path_of` names them) those that were
/// there; an error names the file.
fn remove_each(
    dir: &OutDir,
    files: impl IntoIterator<Item = String>,
    path_of: &dyn Fn(&str) -> String,
    done: &mut Vec<String>,
) -> Result<(), (String, std::io::Error)> {
    for file in files {
        match dir.remove(&file) {
            Ok(true) => done.push(path_of(&file)),
            Ok(false) => {}
            Err(e) => return Err((path_of(&file), e)),
        }
    }
    Ok(())
}
