//! Test databases (a temporary SQLite file, or a fresh PostgreSQL database) and sample catalogs.

use catalog::{
    Catalog, CatalogMeta, CatalogOrigin, Fact, NrmpCode, Program, ProgramId, ProgramRequirements,
    ProgramType, Provenance, Requirement, ResidentMix, Source, Specialty, SpecialtyCode, Track,
    TrackType, UsState, UsceRequirement,
};
use chrono_free_date::date;
use store::{DatabaseUrl, Store};

/// Dates without pulling chrono into this crate's dev-dependencies twice.
mod chrono_free_date {
    pub fn date(text: &str) -> catalog::Provenance {
        serde_json::from_value(serde_json::json!({"source": "test-source", "as_of": text})).unwrap()
    }
}

/// The PostgreSQL server tests use: `RESIDENCY_ADVISOR_TEST_POSTGRES_URL`, or the local server.
pub fn postgres_admin_url() -> String {
    std::env::var("RESIDENCY_ADVISOR_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database for one test.
pub enum TestDatabase {
    /// A temporary SQLite file.
    Sqlite(tempfile::TempDir),
    /// A PostgreSQL database created for this test.
    Postgres { name: String },
}

impl TestDatabase {
    pub fn sqlite() -> TestDatabase {
        TestDatabase::Sqlite(tempfile::tempdir().unwrap())
    }

    /// Creates a fresh database on the PostgreSQL server. Fails the test, saying why, when the
    /// server cannot be reached: these tests must run on PostgreSQL for real.
    pub async fn postgres() -> TestDatabase {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let admin = postgres_admin_url();
        let mut connection = sqlx::AnyConnection::connect(&admin).await.unwrap_or_else(|error| {
            panic!(
                "PostgreSQL is needed by this test and could not be reached at {admin} ({error}); \
                 run scripts/test, which starts it, or set RESIDENCY_ADVISOR_TEST_POSTGRES_URL"
            )
        });
        let name = format!(
            "ra_test_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
                % 1_000_000_000
        );
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        TestDatabase::Postgres { name }
    }

    pub fn url(&self) -> DatabaseUrl {
        match self {
            TestDatabase::Sqlite(folder) => {
                DatabaseUrl::sqlite_file(&folder.path().join("catalog.sqlite"))
            }
            TestDatabase::Postgres { name } => {
                let admin = postgres_admin_url();
                let base = admin
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .unwrap_or(&admin);
                DatabaseUrl::parse(&format!("{base}/{name}")).unwrap()
            }
        }
    }

    pub async fn open(&self) -> Store {
        Store::open(&self.url())
            .await
            .unwrap_or_else(|error| panic!("cannot open the test store: {error:?}"))
    }

    /// Drops a PostgreSQL test database.
    pub async fn drop(self) {
        use sqlx::Connection;
        if let TestDatabase::Postgres { name } = self {
            let mut connection = sqlx::AnyConnection::connect(&postgres_admin_url())
                .await
                .unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut connection)
            .await
            .unwrap();
        }
    }
}

/// A small catalog with `programs` programs, each with one categorical track.
pub fn sample_catalog(label: &str, programs: usize) -> Catalog {
    let provenance: Provenance = date("2025-03-28");
    let operator = Provenance::new(Source::parse("operator").unwrap(), provenance.as_of);
    let internal_medicine = SpecialtyCode::parse("140").unwrap();
    let programs: Vec<Program> = (0..programs)
        .map(|index| Program {
            id: ProgramId::parse(&format!("test-{index:04}")).unwrap(),
            acgme_id: Fact::unknown(&provenance),
            name: format!("Sample Program {index} \"quoted\" & <tagged>"),
            institution: Fact::known(format!("Sample Institution {index}"), &provenance),
            specialty: internal_medicine,
            city: Fact::known("Albany".to_owned(), &provenance),
            state: Fact::known(UsState::parse("NY").unwrap(), &provenance),
            program_type: Fact::known(ProgramType::CommunityBased, &provenance),
            first_year_positions: Fact::known(10 + index as u16 % 7, &provenance),
            interviews_per_year: Fact::unknown(&provenance),
            resident_mix: Fact::known(ResidentMix::new(20.0, 10.0, 70.0).unwrap(), &provenance),
            sponsors_j1: Fact::known(true, &provenance),
            sponsors_h1b: Fact::known(index % 2 == 0, &provenance),
            participates_in_eras: Fact::known(true, &provenance),
            accepts_signals: Fact::unknown(&provenance),
            requirements: ProgramRequirements {
                min_step2_score: Fact::known(Requirement::Strict(225), &operator),
                max_exam_attempts: Fact::known(Requirement::Preference(1), &operator),
                max_years_since_graduation: Fact::unknown(&provenance),
                usce: Fact::known(
                    Requirement::Strict(UsceRequirement {
                        months: 3,
                        hands_on: true,
                    }),
                    &operator,
                ),
                ecfmg_certification: Fact::known(Requirement::None, &operator),
                step3_for_h1b: Fact::known(Requirement::Preference(()), &operator),
            },
        })
        .collect();
    let tracks = programs
        .iter()
        .enumerate()
        .map(|(index, program)| Track {
            code: NrmpCode::parse(&format!("{:04}140C0", 1000 + index)).unwrap(),
            name: "Internal Medicine".to_owned(),
            institution_name: format!("Sample Institution {index}"),
            state: UsState::parse("NY").ok(),
            specialty: internal_medicine,
            track_type: TrackType::Categorical,
            positions: Some(10),
            positions_source: None,
            fill_history: Vec::new(),
            program: Some(program.id.clone()),
            source: provenance.source.clone(),
            as_of: provenance.as_of,
        })
        .collect();
    Catalog {
        meta: CatalogMeta {
            label: label.to_owned(),
            origin: CatalogOrigin::Imported,
            fictional: false,
            sources: vec![],
        },
        specialties: vec![Specialty {
            code: internal_medicine,
            name: "Internal Medicine".to_owned(),
        }],
        programs,
        tracks,
    }
}
