import { DESCRIPTOR_COLUMNS } from '../descriptors/index.js';
export function descriptorCatalogue() {
    const columns = DESCRIPTOR_COLUMNS.filter((column) => column.type === 'numerical' || column.type === 'categorical');
    return {
        driftColumns: columns.map((column) => column.name),
        types: Object.fromEntries([
            ...columns.map((column) => [column.name, column.type]),
            ['prompt_embedding', 'embedding'],
            ['response_embedding', 'embedding'],
        ]),
    };
}
//# sourceMappingURL=column-catalogue.js.map