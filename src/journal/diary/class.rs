//! Medication classes, which decide the medication-overuse thresholds.

use super::words;

words! {
    /// The kind of medicine an intake was, from a fixed list.
    MedicationClass {
        Triptan = "triptan",
        Ergot = "ergot",
        Opioid = "opioid",
        /// Combination analgesics (e.g. paracetamol with caffeine).
        Combination = "combination",
        /// Simple analgesics: paracetamol, aspirin and other NSAIDs.
        Simple = "simple",
        Gepant = "gepant",
        Ditan = "ditan",
        Antiemetic = "antiemetic",
        /// Taken every day to prevent attacks, not for one.
        Preventive = "preventive",
        Other = "other",
    }
}

impl MedicationClass {
    /// Whether it is taken for an attack: every class but preventives.
    /// Days with any of these are acute-medication days.
    pub fn is_acute(self) -> bool {
        self != MedicationClass::Preventive
    }

    /// The days in 30 at and above which taking it is worth discussing
    /// with a clinician (ICHD-3 medication overuse): 10 for triptans,
    /// ergots, opioids and combination analgesics, 15 for simple
    /// analgesics; none for the other classes.
    pub fn overuse_days(self) -> Option<u32> {
        use MedicationClass as C;
        match self {
            C::Triptan | C::Ergot | C::Opioid | C::Combination => Some(10),
            C::Simple => Some(15),
            _ => None,
        }
    }

    /// Whether its days add up with the other such classes' towards the
    /// threshold for several classes together (ICHD-3 8.2.6: ergots,
    /// triptans, simple analgesics, NSAIDs and opioids, 10 days).
    pub fn counts_in_mix(self) -> bool {
        self.overuse_days().is_some()
    }

    /// A few words on what the class holds, for `--help` and errors.
    pub fn examples(self) -> &'static str {
        use MedicationClass as C;
        match self {
            C::Triptan => "sumatriptan, rizatriptan, zolmitriptan…",
            C::Ergot => "ergotamine, dihydroergotamine",
            C::Opioid => "codeine, tramadol…",
            C::Combination => "painkillers combined, or with caffeine",
            C::Simple => "paracetamol, aspirin, ibuprofen and other NSAIDs",
            C::Gepant => "rimegepant, ubrogepant…",
            C::Ditan => "lasmiditan",
            C::Antiemetic => "metoclopramide, domperidone…",
            C::Preventive => "taken daily to prevent attacks",
            C::Other => "anything else",
        }
    }
}
