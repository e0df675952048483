import { vnetPackage } from '../../base/package-files.js';

/** The version written into every model (producer_version and the contract). */
export function vnetVersion(): string {
  return vnetPackage().version;
}
