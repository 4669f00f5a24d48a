// Package configured has a .lwiplint.toml beside its lwipopts.h.
package configured
