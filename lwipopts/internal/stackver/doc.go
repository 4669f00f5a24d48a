// Package stackver holds what the search for a TCP/IP stack's tree and
// version found: [Found]. Each stack has one function that finds its tree
// and version (lwipopts/findlwip.go for lwIP; the ESP-IDF and
// FreeRTOS+TCP front ends have their own) and returns a Found; nothing
// else decides a version.
package stackver
