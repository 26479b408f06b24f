export {
  ERRED_AT_TIMEOUT,
  ERRED_NOW,
  errorAction,
  GIVE_UP,
  NEXT_ADDRESS,
  offerAttempt,
  RETRY_LATER,
} from "./attempt.js";
export {
  hasServiceModel,
  OFFER_DROPPED,
  OFFER_REFUSED,
  ServerFleet,
  type ServerModel,
  serverModels,
} from "./fleet.js";
export { type ServiceTimeSampler, serviceTimeOf } from "./service-time.js";
