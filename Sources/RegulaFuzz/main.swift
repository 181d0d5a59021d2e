// The libFuzzer entry point lives in FuzzTarget.swift; this file holds no code.
