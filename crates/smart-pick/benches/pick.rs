//! placeholder bench replaced below.
fn main() {}
