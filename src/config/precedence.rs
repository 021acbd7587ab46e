//! Flag, then environment, then config file, then default: how every
//! setting is chosen.

use std::str::FromStr;

use thiserror::Error;

/// The environment variables that override the config file.
pub mod vars {
    /// Output volume, 0–100.
    pub const VOLUME: &str = "STILLPOINT_VOLUME";
    /// `auto`, `dim`, `light`, `contrast` or `mono`.
    pub const THEME: &str = "STILLPOINT_THEME";
    /// Sessions a week, 1–21.
    pub const WEEKLY_GOAL: &str = "STILLPOINT_WEEKLY_GOAL";
    /// The audio device's name.
    pub const AUDIO_DEVICE: &str = "STILLPOINT_AUDIO_DEVICE";
}

/// An environment variable set to a value its setting does not take.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{var} is set to `{value}`, but it must be {expected}")]
pub struct EnvError {
    pub var: String,
    pub value: String,
    pub expected: String,
}

/// Chooses a setting: the flag if one was given, else the environment
/// variable `var` if it is set and not empty, else the config's value
/// (which is the default when the config file does not set it).
///
/// ```
/// use stillpoint::config::{Config, resolve, vars};
/// let config = Config::default();
/// let volume = resolve(None, vars::VOLUME, config.volume)?;
/// # Ok::<(), stillpoint::config::EnvError>(())
/// ```
pub fn resolve<T>(flag: Option<T>, var: &str, configured: T) -> Result<T, EnvError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let env = std::env::var(var).ok();
    resolve_from(flag, var, env.as_deref(), configured)
}

/// [`resolve`] with the environment value given, for tests.
pub fn resolve_from<T>(
    flag: Option<T>,
    var: &str,
    env: Option<&str>,
    configured: T,
) -> Result<T, EnvError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    if let Some(value) = flag {
        return Ok(value);
    }
    match env.filter(|v| !v.trim().is_empty()) {
        Some(text) => text.parse().map_err(|e: T::Err| EnvError {
            var: var.to_owned(),
            value: text.to_owned(),
            expected: e.to_string(),
        }),
        None => Ok(configured),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Volume;

    #[test]
    fn flag_beats_environment_beats_config() {
        let config = Volume::new(40).unwrap();
        let flag = Volume::new(90);
        let pick = |flag, env| resolve_from(flag, vars::VOLUME, env, config);
        assert_eq!(pick(flag, Some("10")), Ok(flag.unwrap()));
        assert_eq!(pick(None, Some("10")), Ok(Volume::new(10).unwrap()));
        assert_eq!(pick(None, Some("")), Ok(config));
        assert_eq!(pick(None, None), Ok(config));
        let bad = pick(None, Some("loud")).unwrap_err();
        assert_eq!(
            bad.to_string(),
            "STILLPOINT_VOLUME is set to `loud`, but it must be a whole number from 0 to 100"
        );
    }
}
