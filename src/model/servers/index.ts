export {
  Offer,
  ServerFleet,
  type ServerModel,
  serverModels,
} from "./fleet.js";
export { type ServiceTimeSampler, serviceTimeOf } from "./service-time.js";
