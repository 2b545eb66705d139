// Intentionally empty: this crate exists only to pin and download upstream sources.
