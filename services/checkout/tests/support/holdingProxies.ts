// The proxies that hold chosen requests back now live in @conveyor/service-testing, shared by
// every service's tests.
export {
  type HoldingProxies,
  type HoldRule,
  type HoldStatus,
  startHoldingProxies,
  type Upstream,
} from '@conveyor/service-testing';
