//! TLS settings shared by the PostgreSQL and MySQL connectors: the certificate files a URL
//! names, read before connecting so that a missing file is reported as such, and the driver's
//! TLS failures put in words that name their cause.

use crate::url::{TlsOptions, Verify};
use crate::{DbError, DbUrl};
use std::path::Path;

/// The certificate material a URL names, read from its files.
pub(crate) struct TlsFiles {
    /// PEM certificates to trust besides the system's roots (`sslcert`, `sslrootcert`).
    pub root_cert: Option<Vec<u8>>,
}

/// Reads the files `tls` names. A client identity (`sslidentity`) is refused with a message
/// that says so, instead of connecting without it and failing later with the server's words.
pub(crate) fn read_files(url: &DbUrl, tls: &TlsOptions) -> Result<TlsFiles, DbError> {
    if let Some(identity) = &tls.identity {
        return Err(DbError::Tls {
            url: url.masked(),
            reason: format!(
                "client certificates (`sslidentity={}`) are not supported yet; connect with a password",
                identity.display()
            ),
        });
    }
    let root_cert = match &tls.root_cert {
        Some(path) => Some(read(url, path, "sslcert")?),
        None => None,
    };
    Ok(TlsFiles { root_cert })
}

fn read(url: &DbUrl, path: &Path, parameter: &str) -> Result<Vec<u8>, DbError> {
    std::fs::read(path).map_err(|e| DbError::Tls {
        url: url.masked(),
        reason: format!("cannot read the certificate file `{}` (`{parameter}`): {e}", path.display()),
    })
}

/// The cause of a failed TLS handshake in plain words, before the driver's own text, which
/// names the check that failed (`invalid peer certificate: UnknownIssuer`, …).
pub(crate) fn explain(reason: &str, host: &str, verify: Verify) -> String {
    let cause = if reason.contains("UnknownIssuer") || reason.contains("BadSignature") {
        Some("the server's certificate is not signed by a trusted certificate authority (name the CA's certificate with `sslcert=`)".to_owned())
    } else if reason.contains("NotValidForName") || reason.contains("not valid for name") {
        Some(format!("the server's certificate is not valid for the host name `{host}`"))
    } else if reason.contains("Expired") {
        Some("the server's certificate has expired".to_owned())
    } else if reason.contains("NotValidYet") {
        Some("the server's certificate is not valid yet".to_owned())
    } else if reason.contains("server does not support TLS") {
        Some("the server does not offer TLS, and the URL requires it".to_owned())
    } else {
        None
    };
    let checked = match verify {
        Verify::Nothing => "",
        Verify::Chain => " (the certificate chain is checked: `sslmode=verify-ca`)",
        Verify::Full => " (the certificate and host name are checked: `sslmode=verify-full` or `sslaccept=strict`)",
    };
    let reason = reason.trim_start_matches("error communicating with database: ");
    match cause {
        Some(cause) => format!("{cause}{checked}: {reason}"),
        None => reason.to_owned(),
    }
}
