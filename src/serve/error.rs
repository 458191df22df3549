//! The API's error: a status and a JSON body that says what was wrong. Client mistakes keep
//! their 4xx and their message; internal details go to the log, never to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub code: String,
    pub description: String,
    /// The parameter at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

impl ApiError {
    pub fn bad_request(param: &str, description: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "InvalidParameterValue".into(),
            description: description.into(),
            parameter: Some(param.to_string()),
        }
    }

    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, code: "NotFound".into(), description: what.into(), parameter: None }
    }

    /// Credentials are missing or wrong (the response also carries `WWW-Authenticate`).
    pub fn unauthorized(why: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::UNAUTHORIZED, code: "Unauthorized".into(), description: why.into(), parameter: None }
    }

    pub fn forbidden(why: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::FORBIDDEN, code: "Forbidden".into(), description: why.into(), parameter: None }
    }

    pub fn unsupported(why: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "UnsupportedMediaType".into(),
            description: why.into(),
            parameter: None,
        }
    }

    pub fn unprocessable(why: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code: "InvalidArticle".into(), description: why.into(), parameter: None }
    }

    /// An internal failure: logged in full, reported to the client without details.
    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %e, "internal error");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "InternalError".into(),
            description: "the server could not complete the request; the error is in its log".into(),
            parameter: None,
        }
    }

    /// An error for a status set by a layer or by axum itself (413, 408, 405, …), with a code
    /// and description that say what it means.
    pub fn for_status(status: StatusCode) -> ApiError {
        let (code, description) = match status {
            StatusCode::PAYLOAD_TOO_LARGE => ("PayloadTooLarge", format!("the request body is larger than {} bytes", super::MAX_BODY)),
            StatusCode::REQUEST_TIMEOUT => ("RequestTimeout", format!("the request took longer than {} s", super::REQUEST_TIMEOUT.as_secs())),
            StatusCode::METHOD_NOT_ALLOWED => ("MethodNotAllowed", "this path does not take that method; the Allow header lists those it takes".to_string()),
            StatusCode::NOT_FOUND => ("NotFound", "no such resource".to_string()),
            StatusCode::URI_TOO_LONG => ("URITooLong", "the request URI is too long".to_string()),
            s if s.is_server_error() => {
                tracing::error!(status = %s, "internal error");
                ("InternalError", "the server could not complete the request; the error is in its log".to_string())
            }
            s => ("BadRequest", s.canonical_reason().unwrap_or("the request was refused").to_string()),
        };
        ApiError { status, code: code.into(), description, parameter: None }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> ApiError {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(&self)).into_response()
    }
}
