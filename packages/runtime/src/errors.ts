// The one ConfigError lives in contracts, where the Flash sandbox can use it too without loading the
// runtime; the runtime's modules and its public API keep importing it from here.
export { ConfigError, type ConfigErrorCode } from '@vendstream/contracts';
