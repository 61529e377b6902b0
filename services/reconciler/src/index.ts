// Built under issue 4 (the pipeline); nothing is exported yet.
export {};
