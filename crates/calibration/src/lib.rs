//! Calibration of the market model: the targets drawn from published Match figures, the
//! comparison of simulated outcomes with them, a deterministic fit of a few behavioural
//! parameters, and the committed calibration file and report.
//!
//! Typical use: build a [`market::SeasonSetup`] from the catalog, call [`run_calibration`],
//! record the result with [`CalibrationFile::new`] and [`CalibrationFile::to_toml`], and write
//! [`write_report`]. Read a committed file back with [`load_calibration`].
//!
//! The crate does no I/O and reads no clock: the date is passed in.

mod compare;
mod file;
mod fit;
mod targets_list;
mod yields;

pub use crate::compare::{
    ErrorSummary, GroupErrors, TargetComparison, compare, group_errors, group_weight, loss,
    summarize,
};
pub use crate::file::{
    CalibrationError, CalibrationFile, FORMAT_VERSION, FitRecord, load_calibration, write_report,
};
pub use crate::fit::{
    CalibrationOptions, CalibrationProgress, CalibrationResult, FittedParameter, evaluate,
    fitted_parameters, run_calibration,
};
pub use crate::targets_list::{
    MIN_NON_US_IMG_APPLICANTS, MIN_STEP2_MEDIAN_N, MIN_US_MD_BAND_N, Target, TargetGroup,
    TargetKind, calibration_targets,
};
pub use crate::yields::{InterviewYields, YIELD_FOLDS, YieldGroup, YieldRecord, spearman};
