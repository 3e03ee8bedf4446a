//! Sending mail over SMTP: the only user of the mail crate.

use clap::{Args, ValueEnum};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (required).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only for a relay on the same host or network.
    None,
}

/// Where notifications are mailed. Without a host they are logged and kept in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct MailSettings {
    /// SMTP server host name; unset means notifications are only logged and kept.
    #[arg(long, env = "BANTAY_SMTP_HOST")]
    pub smtp_host: Option<String>,

    /// SMTP server port.
    #[arg(long, env = "BANTAY_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,

    /// How the SMTP connection is secured.
    #[arg(long, env = "BANTAY_SMTP_SECURITY", value_enum, default_value_t = SmtpSecurity::Starttls)]
    pub smtp_security: SmtpSecurity,

    /// SMTP user name, if the server wants one.
    #[arg(long, env = "BANTAY_SMTP_USERNAME")]
    pub smtp_username: Option<String>,

    /// SMTP password (set it through the environment, not the command line).
    #[arg(long, env = "BANTAY_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,

    /// Sender address of notifications.
    #[arg(
        long,
        env = "BANTAY_SMTP_FROM",
        default_value = "bantay <bantay@localhost>"
    )]
    pub smtp_from: String,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_host: None,
            smtp_port: 587,
            smtp_security: SmtpSecurity::Starttls,
            smtp_username: None,
            smtp_password: None,
            smtp_from: "bantay <bantay@localhost>".to_owned(),
        }
    }
}

#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    /// The mailer the settings describe, or `None` when no SMTP host is set.
    pub fn from_settings(s: &MailSettings) -> anyhow::Result<Option<Self>> {
        let Some(host) = s.smtp_host.as_deref().filter(|h| !h.trim().is_empty()) else {
            return Ok(None);
        };
        let from: Mailbox = s.smtp_from.parse().map_err(|e| {
            anyhow::anyhow!("BANTAY_SMTP_FROM '{}' is not a mailbox: {e}", s.smtp_from)
        })?;
        let tls = || TlsParameters::new(host.to_owned());
        let mut builder = SmtpTransport::builder_dangerous(host)
            .port(s.smtp_port)
            .timeout(Some(Duration::from_secs(20)))
            .tls(match s.smtp_security {
                SmtpSecurity::Starttls => Tls::Required(tls()?),
                SmtpSecurity::Tls => Tls::Wrapper(tls()?),
                SmtpSecurity::None => Tls::None,
            });
        if let (Some(user), Some(password)) = (&s.smtp_username, &s.smtp_password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Some(Self {
            transport: builder.build(),
            from,
        }))
    }

    pub fn send(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())?;
        self.transport.send(&message)?;
        Ok(())
    }
}
