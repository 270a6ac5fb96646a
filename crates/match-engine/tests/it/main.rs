//! Tests of the match engine through its public interface, gathered in one test binary so that
//! the crate links once.

mod cases;
mod checker;
mod json_format;
mod market_rules;
mod nrmp_example;
mod outcome;
mod properties;
mod reference;
mod support;
