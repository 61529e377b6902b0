// Shared helpers of the end-to-end suites (issue 4) live here.
export {};
