//! The `Store` of each backend, one impl per feature trait, each method handing its work to
//! the generic function that holds its SQL. A macro rather than one generic impl: sqlx's
//! backend-generic bounds are not implied by a trait's supertraits, so a generic impl would
//! repeat every function's where-clause.

/// Implements `Store` for a backend struct with a `pool` by delegating every method here.
/// Where the backends' SQL differs, each passes its own: the full-text search and the claim
/// of moved vote counts.
macro_rules! impl_store {
    ($store:ty, search: $search:expr, claim_votes: $claim_votes:expr) => {
        super::store_impl::events::impl_events_store!($store);
        super::store_impl::accounts::impl_accounts_store!($store);
        super::store_impl::mail::impl_mail_store!($store);
        super::store_impl::topics::impl_topics_store!($store, search: $search, claim_votes: $claim_votes);
        super::store_impl::comments::impl_comments_store!($store);
        super::store_impl::writeups::impl_writeups_store!($store);
        super::store_impl::transfer::impl_transfer_store!($store);
        super::store_impl::registrations::impl_registrations_store!($store);
        super::store_impl::agenda::impl_agenda_store!($store);
    };
}
pub(super) use impl_store;

pub(super) mod accounts;
pub(super) mod agenda;
pub(super) mod comments;
pub(super) mod events;
pub(super) mod mail;
pub(super) mod registrations;
pub(super) mod topics;
pub(super) mod transfer;
pub(super) mod writeups;
