//! The words an attack is described in: side, where, what it felt like,
//! the symptoms with it and what the person calls it.

use super::words;

words! {
    /// Which side of the head hurt.
    Side {
        Left = "left",
        Right = "right",
        Both = "both",
    }
}

words! {
    /// Where it hurt: the areas routines work on, and the eye and face.
    PainArea {
        Neck = "neck",
        Shoulders = "shoulders",
        UpperBack = "upper-back",
        BaseOfSkull = "base-of-skull",
        Temples = "temples",
        Forehead = "forehead",
        Jaw = "jaw",
        Scalp = "scalp",
        Eye = "eye",
        Face = "face",
    }
}

words! {
    /// What the pain felt like.
    Quality {
        Throbbing = "throbbing",
        Pressing = "pressing",
        Stabbing = "stabbing",
    }
}

words! {
    /// The symptoms that came with it: a check-in's list (aura has a flag
    /// of its own on an attack) and vomiting and sensitivity to smells.
    AttackSymptom {
        Nausea = "nausea",
        Vomiting = "vomiting",
        LightSensitivity = "light-sensitivity",
        SoundSensitivity = "sound-sensitivity",
        SmellSensitivity = "smell-sensitivity",
        NeckPain = "neck-pain",
        Dizziness = "dizziness",
    }
}

words! {
    /// What the person calls the headache: their word, not a diagnosis.
    HeadacheType {
        Migraine = "migraine",
        Tension = "tension",
        Cluster = "cluster",
        Other = "other",
        Unsure = "unsure",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::diary::Word;

    #[test]
    fn names_are_what_serde_writes() {
        for area in PainArea::ALL {
            let json = serde_json::to_string(area).unwrap();
            assert_eq!(json, format!("\"{}\"", area.name()));
            assert_eq!(PainArea::from_name(area.name()), Some(*area));
        }
        assert_eq!(
            AttackSymptom::from_name("Smell Sensitivity"),
            Some(AttackSymptom::SmellSensitivity)
        );
        assert_eq!(Side::from_name("middle"), None);
    }
}
