/**
 * The provider-neutral core (DESIGN.md, target layout): outcome classes, the one resend policy and
 * the pure decision function. Being built under issue 8; nothing imports it yet.
 */
export {};
