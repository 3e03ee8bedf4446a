//! Who is asking and what they may do: passwords, sessions and tokens, roles, the policy.

pub mod accounts;
pub mod api_tokens;
pub mod devices;
pub mod links;
pub mod own_account;
pub mod own_sessions;
pub mod password;
pub mod policy;
pub mod rate_limit;
pub mod second_factor;
pub mod sessions;
pub mod signin;
pub mod tokens;
pub mod totp;
