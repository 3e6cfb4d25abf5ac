//! A file to upload in a `multipart/form-data` request (a `format: binary` field).

use std::fmt;

use bytes::Bytes;

/// A file to upload: its name, its bytes and, optionally, its media type.
///
/// ```
/// let file = openapi_client_runtime::File::new("notes.txt", "hello").content_type("text/plain");
/// assert_eq!(file.name(), "notes.txt");
/// ```
///
/// In JSON (where a description puts a binary string) a file is written as its name, and read
/// from a string as a file of that name with no bytes.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    name: String,
    content_type: Option<String>,
    bytes: Bytes,
}

impl File {
    /// A file with this name and content.
    pub fn new(name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self {
            name: name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Reads a file from disk, named after the path's last component.
    ///
    /// # Errors
    ///
    /// The I/O error when the file cannot be read.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self::new(name, bytes))
    }

    /// Sets the media type sent with the file (default `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The media type, when set.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The content.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(Self::new(name, Bytes::new()))
    }
}

/// A file has no rules of its own to check.
impl crate::validate::Validate for File {}
