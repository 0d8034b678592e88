//go:build !race

package spdx

const raceEnabled = false
