/**
 * One applied config version of one endpoint, held in memory. In-flight calls hold a lease on the runtime
 * they started with, so a config update swaps the pointer without dropping them; the old runtime's models
 * are closed once its last lease is released.
 */
export class EndpointRuntime {
    endpointId;
    endpointName;
    configVersion;
    config;
    entities;
    leases = 0;
    retired = false;
    constructor(endpointId, endpointName, configVersion, config, entities) {
        this.endpointId = endpointId;
        this.endpointName = endpointName;
        this.configVersion = configVersion;
        this.config = config;
        this.entities = entities;
    }
    get routes() {
        return this.config.traffic_config.routes;
    }
    acquire() {
        this.leases++;
        let released = false;
        return () => {
            if (released)
                return;
            released = true;
            this.leases--;
            if (this.retired && this.leases === 0)
                void this.closeModels();
        };
    }
    get inFlight() {
        return this.leases;
    }
    /** Stops taking new leases' models out of service once the in-flight ones finish. */
    retire() {
        this.retired = true;
        if (this.leases === 0)
            void this.closeModels();
    }
    async closeModels() {
        await Promise.allSettled([...this.entities.values()].map((entity) => entity.model.close?.()));
    }
}
//# sourceMappingURL=endpoint-runtime.js.map