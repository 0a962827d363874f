//! ZStack's string enumerations, with an `Other` variant that keeps values
//! this console does not know yet (newer releases add them).

macro_rules! zstack_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this console does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every known value, in ZStack's documented order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value exactly as ZStack sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match $name::from(s.as_str()) {
                    $name::Other(_) => $name::Other(s),
                    known => known,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Known values and unknown ones; `From` turns an unknown one that
        /// happens to spell a known value into that value, as reading it would.
        #[cfg(feature = "proptest")]
        impl proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = proptest::strategy::BoxedStrategy<Self>;

            fn arbitrary_with(_: ()) -> Self::Strategy {
                use proptest::strategy::Strategy;
                proptest::prop_oneof![
                    proptest::sample::select($name::KNOWN),
                    "[A-Za-z ]{0,12}".prop_map(|s: String| $name::from(s)),
                ]
                .boxed()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Tolerate a non-string (a newer release might send a number).
                let v = serde_json::Value::deserialize(d)?;
                Ok(match v {
                    serde_json::Value::String(s) => $name::from(s),
                    other => $name::Other(other.to_string()),
                })
            }
        }
    };
}

zstack_enum!(
    /// GetVmGuestToolsInfo `status`. Two values contain a space.
    GuestToolsStatus {
        Running => "Running",
        NotRunning => "NotRunning",
        NotConnected => "Not Connected",
        NotSupported => "Not Supported",
    }
);

zstack_enum!(
    /// GuestToolsStateInventory `qgaState`: the QEMU guest agent.
    QgaState {
        NotInstalled => "NotInstalled",
        Running => "Running",
        NotRunning => "NotRunning",
        /// "Pending upgrade".
        NotUpgraded => "NotUpgraded",
    }
);

zstack_enum!(
    /// GuestToolsStateInventory `zwatchState`: the in-guest monitoring agent.
    ZWatchState {
        NotInstalled => "NotInstalled",
        Running => "Running",
        NotRunning => "NotRunning",
    }
);

zstack_enum!(
    /// VmInstanceInventory `state`.
    VmState {
        Created => "Created",
        Starting => "Starting",
        Running => "Running",
        Stopping => "Stopping",
        Stopped => "Stopped",
        Rebooting => "Rebooting",
        Destroying => "Destroying",
        Destroyed => "Destroyed",
        Migrating => "Migrating",
        Expunging => "Expunging",
        Pausing => "Pausing",
        Paused => "Paused",
        Resuming => "Resuming",
        VolumeMigrating => "VolumeMigrating",
        VolumeRecovering => "VolumeRecovering",
        Error => "Error",
        NoState => "NoState",
        Unknown => "Unknown",
        Crashed => "Crashed",
    }
);

zstack_enum!(
    /// The `platform` of ExecuteGuestVmCommand (and the common VM platforms).
    Platform {
        Linux => "Linux",
        Windows => "Windows",
        WindowsVirtio => "WindowsVirtio",
        OtherOs => "Other",
        Paravirtualization => "Paravirtualization",
    }
);

impl Platform {
    /// The exec platform a VM of this platform takes (`Linux` or `Windows`).
    pub fn exec_platform(&self) -> Platform {
        match self {
            Platform::Windows | Platform::WindowsVirtio => Platform::Windows,
            _ => Platform::Linux,
        }
    }
}

zstack_enum!(
    /// ImageInventory `mediaType`.
    MediaType {
        RootVolumeTemplate => "RootVolumeTemplate",
        DataVolumeTemplate => "DataVolumeTemplate",
        Iso => "ISO",
    }
);

zstack_enum!(
    /// ImageInventory `state`.
    ImageState {
        Enabled => "Enabled",
        Disabled => "Disabled",
    }
);

zstack_enum!(
    /// ImageInventory `status`.
    ImageStatus {
        Creating => "Creating",
        Downloading => "Downloading",
        Ready => "Ready",
        Deleted => "Deleted",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_unknowns_survive() {
        let s: GuestToolsStatus = serde_json::from_str("\"Not Connected\"").unwrap();
        assert_eq!(s, GuestToolsStatus::NotConnected);
        let u: QgaState = serde_json::from_str("\"Upgrading\"").unwrap();
        assert_eq!(u, QgaState::Other("Upgrading".into()));
        assert_eq!(serde_json::to_string(&u).unwrap(), "\"Upgrading\"");
        assert_eq!(VmState::KNOWN.len(), 19);
        let n: VmState = serde_json::from_str("7").unwrap();
        assert_eq!(n.as_str(), "7");
    }
}
