//! Where events are kept: a SQLite file (the embedded default) or a PostgreSQL database (several
//! collector replicas, a managed database).
//!
//! Key decision: one `--db` value names either, so every command that reads or writes events
//! (`serve`, `collect`, `report`) takes the same option, and a URL is told from a file name by its
//! scheme alone: a file cannot be named `postgres://...` by accident.

use std::path::{Path, PathBuf};

/// The event store's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` connection URL, as libpq reads it.
    Postgres(String),
}

impl Database {
    /// Reads a `--db` value: a PostgreSQL URL by its scheme, else a SQLite file's path.
    pub fn from_path(path: &Path) -> Database {
        match path.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Database::Postgres(url.to_owned())
            }
            _ => Database::Sqlite(path.to_owned()),
        }
    }

    /// For messages and logs: the file, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => without_password(url),
        }
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`, so a log never shows it.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split_once(':').map_or(user, |(name, _)| name);
            format!("{scheme}://{name}:***@{host}{path}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_told_from_a_file_by_its_scheme() {
        let url = "postgresql://app@db.internal:5432/events";
        assert_eq!(
            Database::from_path(Path::new(url)),
            Database::Postgres(url.to_owned())
        );
        assert_eq!(
            Database::from_path(Path::new("postgres.db")),
            Database::Sqlite(PathBuf::from("postgres.db"))
        );
    }

    #[test]
    fn the_password_never_shows() {
        let db = Database::Postgres("postgres://app:s3cret@db:5432/events?sslmode=disable".into());
        assert_eq!(
            db.describe(),
            "postgres://app:***@db:5432/events?sslmode=disable"
        );
        let plain = Database::Postgres("postgres://app@127.0.0.1/events".into());
        assert_eq!(plain.describe(), "postgres://app@127.0.0.1/events");
    }
}
