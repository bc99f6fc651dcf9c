// ECharts, tree-shaken: only the chart types and components the UI uses.
// Add a chart type here when a screen needs it.
import * as echarts from 'echarts/core'
import { MapChart, BarChart } from 'echarts/charts'
import {
  TooltipComponent, TitleComponent, VisualMapComponent, GridComponent, LegendComponent, DataZoomComponent,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([MapChart, BarChart, TooltipComponent, TitleComponent, VisualMapComponent, GridComponent,
  LegendComponent, DataZoomComponent, CanvasRenderer])

export default echarts
