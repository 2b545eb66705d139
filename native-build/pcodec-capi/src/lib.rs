//! A C ABI over the `pco` crate (pcodec) 1.0.3, built as `libcpcodec.so`.
//!
//! The three `pco_standalone_*` functions, `PcoError`, `PcoChunkConfig` and the `PCO_TYPE_*` codes
//! have the names, signatures and values of upstream pcodec's C binding (`pco_c/include/cpcodec.h`,
//! "caller-allocated API", as imagecodecs calls it). The code here is our own. Differences from
//! upstream are limited to hardening (see `include/cpcodec.h`): pointers are checked, no panic
//! crosses the C boundary, decompression writes straight into the caller's buffer and never
//! allocates more than that buffer, and two extras (`pco_version`, `pco_standalone_file_info`).

use std::ffi::{c_char, c_uchar, c_uint, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::{mem, slice};

use pco::data_types::Number;
use pco::standalone::{self, guarantee, FileDecompressor};
use pco::{ChunkConfig, PagingSpec, DEFAULT_MAX_PAGE_N};

/// Number type codes (pco's `NumberType` discriminants, upstream's `PCO_TYPE_*`).
pub const PCO_TYPE_U32: u8 = 1;
pub const PCO_TYPE_U64: u8 = 2;
pub const PCO_TYPE_I32: u8 = 3;
pub const PCO_TYPE_I64: u8 = 4;
pub const PCO_TYPE_F32: u8 = 5;
pub const PCO_TYPE_F64: u8 = 6;
pub const PCO_TYPE_U16: u8 = 7;
pub const PCO_TYPE_I16: u8 = 8;
pub const PCO_TYPE_F16: u8 = 9;
pub const PCO_TYPE_U8: u8 = 10;
pub const PCO_TYPE_I8: u8 = 11;

/// "pco <version>" of the `pco` crate this library is built on (pinned `=1.0.3` in Cargo.toml;
/// a unit test checks it against Cargo.lock).
const PCO_VERSION: &CStr = c"pco 1.0.3";

/// Return codes; values as upstream's (implicit 0..3).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PcoError {
    PcoSuccess = 0,
    PcoInvalidType = 1,
    PcoCompressionError = 2,
    PcoDecompressionError = 3,
}
use PcoError::*;

/// Compression settings; layout as upstream's `PcoChunkConfig`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PcoChunkConfig {
    /// Compression level 0..=12 (pco's default 8); larger is an error.
    pub compression_level: c_uint,
    /// Maximum numbers per page (= per chunk in a standalone file); 0 = pco's default 2^18.
    pub max_page_n: usize,
}

impl Default for PcoChunkConfig {
    fn default() -> Self {
        Self { compression_level: pco::DEFAULT_COMPRESSION_LEVEL as c_uint, max_page_n: 0 }
    }
}

impl PcoChunkConfig {
    fn to_chunk_config(self) -> ChunkConfig {
        let paging = match self.max_page_n {
            0 => PagingSpec::default(),
            max => PagingSpec::EqualPagesUpTo(max),
        };
        ChunkConfig::default()
            .with_compression_level(self.compression_level as usize)
            .with_paging_spec(paging)
            .with_enable_8_bit(true)
    }
}

/// Runs `$body` with `$T` bound to the Rust type of dtype code `$dtype`, or evaluates `$invalid`.
#[rustfmt::skip]
macro_rules! with_number_type {
    ($dtype:expr, $T:ident => $body:expr, $invalid:expr) => {
        match $dtype {
            PCO_TYPE_U32 => { type $T = u32; $body }
            PCO_TYPE_U64 => { type $T = u64; $body }
            PCO_TYPE_I32 => { type $T = i32; $body }
            PCO_TYPE_I64 => { type $T = i64; $body }
            PCO_TYPE_F32 => { type $T = f32; $body }
            PCO_TYPE_F64 => { type $T = f64; $body }
            PCO_TYPE_U16 => { type $T = u16; $body }
            PCO_TYPE_I16 => { type $T = i16; $body }
            PCO_TYPE_F16 => { type $T = half::f16; $body }
            PCO_TYPE_U8 => { type $T = u8; $body }
            PCO_TYPE_I8 => { type $T = i8; $body }
            _ => $invalid,
        }
    };
}

fn is_valid_dtype(dtype: c_uchar) -> bool {
    (PCO_TYPE_U32..=PCO_TYPE_I8).contains(&dtype)
}

/// Runs `f`, turning a panic into `on_panic` so that no unwind crosses the C boundary.
fn guarded<R>(on_panic: R, f: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(on_panic)
}

/// Whether `len` elements of T at `p` may become a slice: non-NULL (a NULL pointer is accepted only
/// for len 0, as an empty slice), aligned for T, and at most isize::MAX bytes.
fn usable<T>(p: *const c_void, len: usize) -> bool {
    !p.is_null()
        && (p as usize).is_multiple_of(mem::align_of::<T>())
        && len <= isize::MAX as usize / mem::size_of::<T>()
}

// The caller promises (see the header) that a non-NULL pointer addresses `len` elements; the
// Rust-side requirements that a C caller could miss are checked by `usable`.
unsafe fn slice_in<'a, T>(p: *const c_void, len: usize) -> Option<&'a [T]> {
    match len {
        0 => Some(&[]),
        _ => usable::<T>(p, len).then(|| slice::from_raw_parts(p as *const T, len)),
    }
}

unsafe fn slice_out<'a, T>(p: *mut c_void, len: usize) -> Option<&'a mut [T]> {
    match len {
        0 => Some(&mut []),
        _ => usable::<T>(p, len).then(|| slice::from_raw_parts_mut(p as *mut T, len)),
    }
}

/// pco's `standalone::guarantee::file_size(n, &PagingSpec::default())`, computed from the same
/// page split (ceil(n / 2^18) nearly equal pages) in closed form with checked arithmetic, so that
/// an absurd `n` yields None instead of a huge page-list allocation or a wrapped sum.
fn guarantee_file_size<T: Number>(n: usize) -> Option<usize> {
    let pages = if n == 0 {
        0
    } else {
        let n_pages = n.div_ceil(DEFAULT_MAX_PAGE_N);
        let (low, r) = (n / n_pages, n % n_pages);
        let low_size = guarantee::chunk_size::<T::L>(low).checked_mul(n_pages - r)?;
        let high_size = guarantee::chunk_size::<T::L>(low + 1).checked_mul(r)?;
        low_size.checked_add(high_size)?
    };
    guarantee::header_size().checked_add(pages)?.checked_add(1)
}

unsafe fn compress<T: Number>(
    nums: *const c_void,
    n: usize,
    config: &ChunkConfig,
    dst: &mut [u8],
) -> Option<usize> {
    let src = slice_in::<T>(nums, n)?;
    let cap = dst.len();
    let rest = standalone::simple_compress_into::<T, &mut [u8]>(src, config, dst).ok()?;
    Some(cap - rest.len())
}

unsafe fn decompress<T: Number>(src: &[u8], dst: *mut c_void, dst_cap: usize) -> Option<usize> {
    // pco only writes into `out` before reading any of it, so the caller's buffer need not be
    // initialised. Decoding goes straight into it and stops (unfinished) once it is full, so
    // nothing the stream claims can make this allocate more than a batch of scratch space.
    let out = slice_out::<T>(dst, dst_cap)?;
    let progress = standalone::simple_decompress_into::<T>(src, out).ok()?;
    progress.finished.then_some(progress.n_processed)
}

/// See include/cpcodec.h.
#[no_mangle]
pub extern "C" fn pco_standalone_guarantee_file_size(n: usize, dtype: c_uchar) -> usize {
    guarded(0, || with_number_type!(dtype, T => guarantee_file_size::<T>(n).unwrap_or(0), 0))
}

/// See include/cpcodec.h.
/// # Safety
/// Non-NULL pointers must address memory of the sizes given with them (see include/cpcodec.h).
#[no_mangle]
pub unsafe extern "C" fn pco_standalone_simple_compress_into(
    nums: *const c_void,
    n: usize,
    dtype: c_uchar,
    config: *const PcoChunkConfig,
    dst: *mut c_void,
    dst_cap: usize,
    n_written: *mut usize,
) -> PcoError {
    guarded(PcoCompressionError, || {
        if !n_written.is_null() {
            n_written.write_unaligned(0);
        }
        if !is_valid_dtype(dtype) {
            return PcoInvalidType;
        }
        if n_written.is_null() {
            return PcoCompressionError;
        }
        let config = if config.is_null() { PcoChunkConfig::default() } else { config.read_unaligned() };
        let config = config.to_chunk_config();
        let Some(dst) = slice_out::<u8>(dst, dst_cap) else {
            return PcoCompressionError;
        };
        match with_number_type!(dtype, T => compress::<T>(nums, n, &config, dst), None) {
            Some(written) => {
                n_written.write_unaligned(written);
                PcoSuccess
            }
            None => PcoCompressionError,
        }
    })
}

/// See include/cpcodec.h.
/// # Safety
/// Non-NULL pointers must address memory of the sizes given with them (see include/cpcodec.h).
#[no_mangle]
pub unsafe extern "C" fn pco_standalone_simple_decompress_into(
    compressed: *const c_void,
    compressed_len: usize,
    dtype: c_uchar,
    dst: *mut c_void,
    dst_cap: usize,
    n_written: *mut usize,
) -> PcoError {
    guarded(PcoDecompressionError, || {
        if !n_written.is_null() {
            n_written.write_unaligned(0);
        }
        if !is_valid_dtype(dtype) {
            return PcoInvalidType;
        }
        if n_written.is_null() {
            return PcoDecompressionError;
        }
        let Some(src) = slice_in::<u8>(compressed, compressed_len) else {
            return PcoDecompressionError;
        };
        match with_number_type!(dtype, T => decompress::<T>(src, dst, dst_cap), None) {
            Some(n) => {
                n_written.write_unaligned(n);
                PcoSuccess
            }
            None => PcoDecompressionError,
        }
    })
}

/// Ours (not upstream): see include/cpcodec.h.
/// # Safety
/// Non-NULL pointers must address memory of the sizes given with them (see include/cpcodec.h).
#[no_mangle]
pub unsafe extern "C" fn pco_standalone_file_info(
    compressed: *const c_void,
    compressed_len: usize,
    dtype_out: *mut c_uchar,
    n_hint_out: *mut usize,
) -> PcoError {
    guarded(PcoDecompressionError, || {
        if dtype_out.is_null() || n_hint_out.is_null() {
            return PcoDecompressionError;
        }
        let Some(src) = slice_in::<u8>(compressed, compressed_len) else {
            return PcoDecompressionError;
        };
        let Ok((fd, rest)) = FileDecompressor::new(src) else {
            return PcoDecompressionError;
        };
        let Ok(number_type) = fd.peek_number_type_or_termination(rest) else {
            return PcoDecompressionError;
        };
        dtype_out.write(number_type.map_or(0, |t| t as u8));
        n_hint_out.write_unaligned(fd.n_hint());
        PcoSuccess
    })
}

/// Ours (not upstream): see include/cpcodec.h.
#[no_mangle]
pub extern "C" fn pco_version() -> *const c_char {
    PCO_VERSION.as_ptr()
}

#[cfg(test)]
mod tests;
