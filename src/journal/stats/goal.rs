//! The weekly goal: "2 of 3 sessions this week".

use std::fmt;

use serde::Serialize;

/// Sessions done this week against the goal from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GoalProgress {
    pub done: u32,
    pub goal: u8,
}

impl GoalProgress {
    /// Whether the goal is reached.
    pub fn met(self) -> bool {
        self.done >= u32::from(self.goal)
    }
}

impl fmt::Display for GoalProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.goal == 1 {
            "session"
        } else {
            "sessions"
        };
        write!(f, "{} of {} {noun} this week", self.done, self.goal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_a_sentence() {
        assert_eq!(
            GoalProgress { done: 2, goal: 3 }.to_string(),
            "2 of 3 sessions this week"
        );
        assert_eq!(
            GoalProgress { done: 0, goal: 1 }.to_string(),
            "0 of 1 session this week"
        );
        assert!(GoalProgress { done: 4, goal: 3 }.met());
    }
}
