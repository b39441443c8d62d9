//! What the services hand the store to publish on an event's live stream.
use crate::model::LiveMessage;

/// Who may receive a message. The stream checks it per connection, so nobody is sent what
/// their page may not show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// The event's organisers and admins.
    Organisers,
    /// Everyone but the organisers: the other half of a message they get in another form.
    Public,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Everyone => "everyone",
            Audience::Organisers => "organisers",
            Audience::Public => "public",
        }
    }

    /// Unknown names reach nobody but organisers: failing closed.
    pub fn parse(name: &str) -> Audience {
        match name {
            "everyone" => Audience::Everyone,
            "public" => Audience::Public,
            _ => Audience::Organisers,
        }
    }

    pub fn reaches(self, organiser: bool) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Organisers => organiser,
            Audience::Public => !organiser,
        }
    }
}

/// A message to store with the change that causes it, in the same transaction.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub audience: Audience,
    /// The message as JSON, serialized once for every receiver.
    pub body: String,
}

impl Outgoing {
    pub fn new(audience: Audience, message: &LiveMessage) -> Outgoing {
        Outgoing {
            audience,
            // Our own types always serialize; an empty object would be dropped by receivers.
            body: serde_json::to_string(message).unwrap_or_else(|_| "{}".into()),
        }
    }
}

/// A stored message, at its position in the event's stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredLive {
    pub seq: i64,
    pub audience: Audience,
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organiser_only_messages_never_reach_others() {
        assert!(Audience::Everyone.reaches(false) && Audience::Everyone.reaches(true));
        assert!(Audience::Organisers.reaches(true) && !Audience::Organisers.reaches(false));
        assert!(Audience::Public.reaches(false) && !Audience::Public.reaches(true));
        assert_eq!(Audience::parse("nonsense"), Audience::Organisers);
        for audience in [Audience::Everyone, Audience::Organisers, Audience::Public] {
            assert_eq!(Audience::parse(audience.as_str()), audience);
        }
    }
}
