//! A sound file a routine names, opened once when the routine is checked
//! and kept open: every later read (each pass of a looped ambient bed, each
//! render) goes through that same descriptor, never through the path
//! again, so a file swapped for a link to somewhere else after it was
//! checked is never read. Its header is checked here, by our own code,
//! before any decoder sees it: a decoder is only given files whose sample
//! rate, channels and sizes are in range.

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The largest sound file a routine may name.
pub const MAX_SOUND_BYTES: u64 = 20 * 1024 * 1024;

/// The sample rates a sound file may declare; the decoder resamples it to
/// ours. Anything outside is not a recording anyone made.
pub const SAMPLE_RATES: std::ops::RangeInclusive<u32> = 4_000..=384_000;

/// The most channels a sound file may declare.
pub const MAX_CHANNELS: u16 = 8;

/// What a checked sound file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Wav,
    Flac,
    Vorbis,
    Mp3,
}

impl Format {
    /// The file name extension that tells the decoder what to expect.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Wav => "wav",
            Format::Flac => "flac",
            Format::Vorbis => "ogg",
            Format::Mp3 => "mp3",
        }
    }
}

/// Why a file cannot be used as a sound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Not a WAV, OGG, FLAC or MP3 file at all.
    NotARecording,
    /// One of those, with a header that is out of range or does not add
    /// up: "its sample rate is 0".
    Header(String),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::NotARecording => {
                f.write_str("it is not a WAV, OGG Vorbis, FLAC or MP3 recording")
            }
            Unusable::Header(why) => write!(f, "its header is not one Stillpoint plays: {why}"),
        }
    }
}

/// A sound file, open. Cloning shares the one descriptor.
#[derive(Clone)]
pub struct SoundFile {
    path: PathBuf,
    file: Arc<File>,
    /// Its size when it was opened; nothing past it is ever read.
    len: u64,
    format: Format,
    /// Device and inode of what was opened.
    identity: (u64, u64),
}

impl SoundFile {
    /// Takes `file`, opened from `path` and known to be a regular file of
    /// `len` bytes at most [`MAX_SOUND_BYTES`], if its header passes our
    /// checks.
    pub fn checked(path: &Path, file: File) -> io::Result<Result<Self, Unusable>> {
        let meta = file.metadata()?;
        let len = meta.len().min(MAX_SOUND_BYTES);
        let file = Arc::new(file);
        let format = match check(&Reader::new(Arc::clone(&file), len)) {
            Ok(format) => format,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok(SoundFile {
            path: path.to_path_buf(),
            file,
            len,
            format,
            identity: (meta.dev(), meta.ino()),
        }))
    }

    /// The path it was opened by, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What it holds.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Its size in bytes, as it was when opened.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether it holds nothing at all (never, once checked).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A new reader from its start, on the descriptor opened at first.
    pub fn reader(&self) -> Reader {
        Reader::new(Arc::clone(&self.file), self.len)
    }

    /// For a WAV file cut off before the end of its sound (copied in part,
    /// say): how long its header says the sound is, and how long the file
    /// holds.
    pub fn cut_short(&self) -> Option<(Duration, Duration)> {
        if self.format != Format::Wav {
            return None;
        }
        let data = wav(&self.reader()).ok()?;
        if data.present >= data.declared || data.bytes_per_second == 0 {
            return None;
        }
        let seconds =
            |bytes: u64| Duration::from_secs_f64(bytes as f64 / data.bytes_per_second as f64);
        Some((seconds(data.declared), seconds(data.present)))
    }

    /// Checks the header again, as it is now: the file may have been
    /// written over in place since it was opened, and a decoder is only
    /// ever given a header that passes.
    pub fn recheck(&self) -> Result<(), Unusable> {
        let now = check(&self.reader())?;
        if now == self.format {
            Ok(())
        } else {
            Err(bad(
                "it changed into another kind of file after it was checked",
            ))
        }
    }
}

impl PartialEq for SoundFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.identity == other.identity
    }
}

impl Eq for SoundFile {}

impl fmt::Debug for SoundFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoundFile")
            .field("path", &self.path)
            .field("len", &self.len)
            .field("format", &self.format)
            .finish()
    }
}

/// Reads a [`SoundFile`] through its one descriptor, at its own position
/// (positioned reads, so readers never disturb one another), and never
/// past the size the file had when it was opened.
pub struct Reader {
    file: Arc<File>,
    len: u64,
    position: u64,
}

impl Reader {
    fn new(file: Arc<File>, len: u64) -> Self {
        Self {
            file,
            len,
            position: 0,
        }
    }

    /// Reads exactly `out.len()` bytes at `offset`; false if the file is
    /// shorter.
    fn read_exact_at(&self, out: &mut [u8], offset: u64) -> bool {
        let end = offset.checked_add(out.len() as u64);
        end.is_some_and(|end| end <= self.len) && self.file.read_exact_at(out, offset).is_ok()
    }
}

impl Read for Reader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let left = self.len.saturating_sub(self.position);
        let want = out.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if want == 0 {
            return Ok(0);
        }
        let n = self.file.read_at(&mut out[..want], self.position)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl Seek for Reader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.position.checked_add_signed(d),
        };
        match target {
            Some(n) => {
                self.position = n;
                Ok(n)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a seek before the start of the sound file",
            )),
        }
    }
}

/// What `file` holds, if its first bytes and header say it is a recording
/// whose numbers are all in range.
fn check(file: &Reader) -> Result<Format, Unusable> {
    let start = file_start(file);
    if start.starts_with(b"RIFF") && start.get(8..12) == Some(b"WAVE".as_slice()) {
        wav(file).map(|_| Format::Wav)
    } else if start.starts_with(b"fLaC") {
        flac(file).map(|()| Format::Flac)
    } else if start.starts_with(b"OggS") {
        vorbis(file).map(|()| Format::Vorbis)
    } else if start.starts_with(b"ID3") || matches!(start[..], [0xFF, s, ..] if s & 0xE0 == 0xE0) {
        mp3(file).map(|()| Format::Mp3)
    } else {
        Err(Unusable::NotARecording)
    }
}

/// The first 12 bytes of the file, or all of a shorter one.
fn file_start(file: &Reader) -> Vec<u8> {
    let mut bytes = vec![0u8; usize::try_from(file.len.min(12)).unwrap_or(0)];
    if file.read_exact_at(&mut bytes, 0) {
        bytes
    } else {
        Vec::new()
    }
}

fn bad(why: impl Into<String>) -> Unusable {
    Unusable::Header(why.into())
}

fn rate_in_range(rate: u32) -> Result<(), Unusable> {
    if SAMPLE_RATES.contains(&rate) {
        Ok(())
    } else {
        Err(bad(format!(
            "its sample rate is {rate} Hz, outside {}–{} Hz",
            SAMPLE_RATES.start(),
            SAMPLE_RATES.end()
        )))
    }
}

fn channels_in_range(channels: u16) -> Result<(), Unusable> {
    if (1..=MAX_CHANNELS).contains(&channels) {
        Ok(())
    } else {
        Err(bad(format!(
            "it says it has {channels} channels; a recording has 1 to {MAX_CHANNELS}"
        )))
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Where a WAV file's sound is: how much its header declares, how much
/// of it the file holds.
struct WavData {
    bytes_per_second: u64,
    declared: u64,
    present: u64,
}

/// The most chunks looked through for `fmt ` and `data`.
const MAX_CHUNKS: usize = 64;

/// A WAV file: its `fmt ` chunk describes PCM or float samples of a sane
/// rate, channel count and width that add up, and a `data` chunk follows
/// inside the file.
fn wav(file: &Reader) -> Result<WavData, Unusable> {
    let mut at = 12u64;
    let mut format: Option<(u16, u16)> = None;
    let mut bytes_per_second = 0u64;
    for _ in 0..MAX_CHUNKS {
        let mut head = [0u8; 8];
        if !file.read_exact_at(&mut head, at) {
            break;
        }
        let size = u64::from(u32_at(&head, 4));
        let body = at + 8;
        match &head[..4] {
            b"fmt " => {
                if size < 16 {
                    return Err(bad("its format chunk is too short"));
                }
                let mut fmt = [0u8; 16];
                if !file.read_exact_at(&mut fmt, body) {
                    return Err(bad("its format chunk is cut off"));
                }
                let tag = u16_at(&fmt, 0);
                let channels = u16_at(&fmt, 2);
                let rate = u32_at(&fmt, 4);
                let align = u16_at(&fmt, 12);
                let bits = u16_at(&fmt, 14);
                if !matches!(tag, 1 | 3 | 0xFFFE) {
                    return Err(bad(format!(
                        "its samples are in an encoding Stillpoint does not play (format {tag:#06x})"
                    )));
                }
                channels_in_range(channels)?;
                rate_in_range(rate)?;
                let widths: &[u16] = if tag == 3 {
                    &[32, 64]
                } else {
                    &[8, 16, 24, 32]
                };
                if !widths.contains(&bits) {
                    return Err(bad(format!("its samples are {bits} bits wide")));
                }
                if u32::from(align) != u32::from(channels) * u32::from(bits) / 8 {
                    return Err(bad(format!(
                        "its block size ({align}) does not fit {channels} channels of {bits} bits"
                    )));
                }
                format = Some((channels, bits));
                bytes_per_second = u64::from(rate) * u64::from(align);
            }
            b"data" => {
                if format.is_none() {
                    return Err(bad("its sound comes before its format chunk"));
                }
                if size == 0 || body >= file.len {
                    return Err(bad("it holds no sound"));
                }
                return Ok(WavData {
                    bytes_per_second,
                    declared: size,
                    present: file.len - body,
                });
            }
            _ => {}
        }
        // Chunks are padded to an even size.
        at = body + size + (size & 1);
    }
    Err(bad(if format.is_none() {
        "it has no format chunk"
    } else {
        "it has no sound (no data chunk)"
    }))
}

/// A FLAC file: its first metadata block is a STREAMINFO whose block
/// sizes, rate, channels and sample width are in range.
fn flac(file: &Reader) -> Result<(), Unusable> {
    let mut block = [0u8; 4 + 34];
    if !file.read_exact_at(&mut block, 4) {
        return Err(bad("its stream information is cut off"));
    }
    let kind = block[0] & 0x7F;
    let length = u32::from_be_bytes([0, block[1], block[2], block[3]]);
    if kind != 0 || length != 34 {
        return Err(bad("it does not start with its stream information"));
    }
    let info = &block[4..];
    let min_block = u16::from_be_bytes([info[0], info[1]]);
    let max_block = u16::from_be_bytes([info[2], info[3]]);
    if min_block < 16 || max_block < min_block {
        return Err(bad(format!(
            "its block sizes ({min_block} to {max_block} samples) are not possible"
        )));
    }
    let rate =
        (u32::from(info[10]) << 12) | (u32::from(info[11]) << 4) | (u32::from(info[12]) >> 4);
    let channels = u16::from((info[12] >> 1) & 0x07) + 1;
    let bits = ((u16::from(info[12] & 1) << 4) | u16::from(info[13] >> 4)) + 1;
    rate_in_range(rate)?;
    channels_in_range(channels)?;
    if !(4..=32).contains(&bits) {
        return Err(bad(format!("its samples are {bits} bits wide")));
    }
    Ok(())
}

/// An Ogg file holding Vorbis: its first packet is a Vorbis identification
/// header with a sane rate, channel count and block sizes.
fn vorbis(file: &Reader) -> Result<(), Unusable> {
    let mut page = [0u8; 27];
    if !file.read_exact_at(&mut page, 0) || page[4] != 0 {
        return Err(bad("its first page is damaged"));
    }
    let segments = u64::from(page[26]);
    let packet = 27 + segments;
    let mut id = [0u8; 30];
    if !file.read_exact_at(&mut id, packet) {
        return Err(bad("its first packet is cut off"));
    }
    if &id[..7] != b"\x01vorbis" {
        return Err(bad(
            "it is an Ogg file, but not Ogg Vorbis (Opus and others are not played)",
        ));
    }
    let version = u32_at(&id, 7);
    let channels = u16::from(id[11]);
    let rate = u32_at(&id, 12);
    let sizes = id[28];
    let (small, large) = (sizes & 0x0F, sizes >> 4);
    if version != 0 {
        return Err(bad(format!("its Vorbis version is {version}")));
    }
    channels_in_range(channels)?;
    rate_in_range(rate)?;
    if !(6..=13).contains(&small) || !(6..=13).contains(&large) || small > large {
        return Err(bad("its block sizes are not possible"));
    }
    if id[29] & 1 == 0 {
        return Err(bad("its identification header is damaged"));
    }
    Ok(())
}

/// Where the first MPEG audio frame starts: after an ID3v2 tag, if any.
fn mp3_start(file: &Reader) -> Option<u64> {
    let start = file_start(file);
    if !start.starts_with(b"ID3") {
        return Some(0);
    }
    let size = start.get(6..10)?;
    if size.iter().any(|b| b & 0x80 != 0) {
        return None;
    }
    let size = size
        .iter()
        .fold(0u64, |n, &b| (n << 7) | u64::from(b & 0x7F));
    let footer = if start[5] & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

/// An MP3 file: after any ID3v2 tag, within the first 64 KiB, an MPEG
/// audio frame header whose version, layer, bitrate and rate are valid.
fn mp3(file: &Reader) -> Result<(), Unusable> {
    const LOOK: u64 = 64 * 1024;
    let start = mp3_start(file).ok_or_else(|| bad("its tag is damaged"))?;
    if start >= file.len {
        return Err(bad("its tag is larger than the file"));
    }
    let window = (file.len - start).min(LOOK);
    let mut bytes = vec![0u8; usize::try_from(window).unwrap_or(0)];
    if !file.read_exact_at(&mut bytes, start) {
        return Err(bad("it is cut off"));
    }
    let frame = bytes.windows(4).find(|h| {
        let [a, b, c, _] = [h[0], h[1], h[2], h[3]];
        let version = (b >> 3) & 0x03;
        let layer = (b >> 1) & 0x03;
        let bitrate = c >> 4;
        let rate = (c >> 2) & 0x03;
        a == 0xFF
            && b & 0xE0 == 0xE0
            && version != 1
            && layer != 0
            && bitrate != 0
            && bitrate != 15
            && rate != 3
    });
    match frame {
        Some(_) => Ok(()),
        None => Err(bad("no MPEG audio frame was found at its start")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav_bytes(rate: u32, channels: u16, bits: u16, align: u16, data: usize) -> Vec<u8> {
        let mut fmt = Vec::new();
        fmt.extend_from_slice(&1u16.to_le_bytes());
        fmt.extend_from_slice(&channels.to_le_bytes());
        fmt.extend_from_slice(&rate.to_le_bytes());
        fmt.extend_from_slice(&rate.wrapping_mul(u32::from(align)).to_le_bytes());
        fmt.extend_from_slice(&align.to_le_bytes());
        fmt.extend_from_slice(&bits.to_le_bytes());
        let mut body = b"WAVEfmt ".to_vec();
        body.extend_from_slice(&16u32.to_le_bytes());
        body.extend_from_slice(&fmt);
        body.extend_from_slice(b"data");
        body.extend_from_slice(&(data as u32).to_le_bytes());
        body.extend(std::iter::repeat_n(0u8, data));
        let mut file = b"RIFF".to_vec();
        file.extend_from_slice(&(body.len() as u32).to_le_bytes());
        file.extend(body);
        file
    }

    fn checked(bytes: &[u8]) -> Result<Format, Unusable> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        std::fs::write(&path, bytes).unwrap();
        let file = File::open(&path).unwrap();
        SoundFile::checked(&path, file).unwrap().map(|s| s.format())
    }

    #[test]
    fn a_good_wav_passes_and_hostile_headers_do_not() {
        assert_eq!(checked(&wav_bytes(48_000, 1, 16, 2, 100)), Ok(Format::Wav));
        let ours = crate::audio::Builtin::Bowl.embedded();
        assert_eq!(checked(ours), Ok(Format::Wav));
        let refused = [
            (wav_bytes(0, 1, 16, 2, 100), "sample rate is 0 Hz"),
            (
                wav_bytes(4_000_000_000, 1, 16, 2, 100),
                "sample rate is 4000000000 Hz",
            ),
            (wav_bytes(48_000, 0, 16, 0, 100), "0 channels"),
            (wav_bytes(48_000, 200, 16, 400, 100), "200 channels"),
            (wav_bytes(48_000, 1, 0, 0, 100), "0 bits wide"),
            (wav_bytes(48_000, 2, 16, 1, 100), "block size (1)"),
            (wav_bytes(48_000, 1, 16, 2, 0), "holds no sound"),
        ];
        for (bytes, why) in refused {
            let e = checked(&bytes).unwrap_err().to_string();
            assert!(e.contains(why), "{e}");
        }
        let mut cut = wav_bytes(48_000, 1, 16, 2, 100);
        cut.truncate(30);
        assert!(checked(&cut).is_err());
        assert_eq!(checked(b"RIFF"), Err(Unusable::NotARecording));
        assert_eq!(
            checked(b"plain text, not sound"),
            Err(Unusable::NotARecording)
        );
        assert_eq!(checked(b""), Err(Unusable::NotARecording));
    }

    #[test]
    fn flac_ogg_and_mp3_headers_are_checked() {
        let mut flac = b"fLaC\x00\x00\x00\x22".to_vec();
        // Blocks 4096, frame sizes 0, 44100 Hz, 2 channels, 16 bits.
        flac.extend_from_slice(&[0x10, 0x00, 0x10, 0x00, 0, 0, 0, 0, 0, 0]);
        flac.extend_from_slice(&[0x0A, 0xC4, 0x42, 0xF0, 0, 0, 0, 0]);
        flac.extend_from_slice(&[0; 16]);
        assert_eq!(checked(&flac), Ok(Format::Flac));
        let mut zero_rate = flac.clone();
        zero_rate[18..21].copy_from_slice(&[0, 0, 0x02]);
        assert!(
            checked(&zero_rate)
                .unwrap_err()
                .to_string()
                .contains("sample rate is 0")
        );

        let mut ogg = b"OggS\x00\x02".to_vec();
        ogg.extend_from_slice(&[0; 20]);
        ogg.push(1); // one segment
        ogg.push(30);
        ogg.extend_from_slice(b"\x01vorbis");
        ogg.extend_from_slice(&0u32.to_le_bytes());
        ogg.push(2);
        ogg.extend_from_slice(&44_100u32.to_le_bytes());
        ogg.extend_from_slice(&[0; 12]);
        ogg.push(0xB8);
        ogg.push(1);
        assert_eq!(checked(&ogg), Ok(Format::Vorbis));
        let mut opus = ogg.clone();
        opus[28..35].copy_from_slice(b"OpusHea");
        assert!(
            checked(&opus)
                .unwrap_err()
                .to_string()
                .contains("not Ogg Vorbis")
        );

        let frame = [0xFF, 0xFB, 0x90, 0x64];
        let mut mp3 = b"ID3\x04\x00\x00\x00\x00\x00\x02\x00\x00".to_vec();
        mp3.extend_from_slice(&frame);
        assert_eq!(checked(&mp3), Ok(Format::Mp3));
        assert_eq!(checked(&frame), Ok(Format::Mp3));
        let mut huge_tag = b"ID3\x04\x00\x00\x7F\x7F\x7F\x7F".to_vec();
        huge_tag.extend_from_slice(&frame);
        assert!(checked(&huge_tag).is_err());
        assert!(checked(&[0xFF, 0xFF, 0xFF, 0xFF]).is_err(), "reserved bits");
    }

    #[test]
    fn a_reader_reads_the_opened_file_and_nothing_past_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.wav");
        let bytes = wav_bytes(8_000, 1, 16, 2, 100);
        std::fs::write(&path, &bytes).unwrap();
        let sound = SoundFile::checked(&path, File::open(&path).unwrap())
            .unwrap()
            .unwrap();
        // The path now names another file: the one opened is still read.
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, b"something else entirely").unwrap();
        let mut read = Vec::new();
        sound.reader().read_to_end(&mut read).unwrap();
        assert_eq!(read, bytes);
        let mut reader = sound.reader();
        assert_eq!(
            reader.seek(SeekFrom::End(-4)).unwrap(),
            bytes.len() as u64 - 4
        );
        let mut tail = Vec::new();
        reader.read_to_end(&mut tail).unwrap();
        assert_eq!(tail.len(), 4);
        assert!(reader.seek(SeekFrom::Current(-1000)).is_err());
    }
}
