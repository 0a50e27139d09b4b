<qgis version="3.28.0" styleCategories="Symbology|Labeling|Fields" labelsEnabled="1">
  <!-- tl342: parcels (thửa đất) categorized by household status; ${categories_note} -->
  <renderer-v2 type="categorizedSymbol" attr="status" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
${categories}
    </categories>
    <symbols>
${symbols}
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="concat(&quot;sheet&quot;, '/', &quot;number&quot;)" isExpression="1" fontFamily="DejaVu Sans" fontSize="8" fontSizeUnit="Point" textColor="26,26,26,255" textOpacity="1" fontWeight="50" fontItalic="0" multilineHeight="1" namedStyle="Book">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8"/>
      </text-style>
      <text-format wrapChar="" multilineAlign="1" formatNumbers="0" decimals="1" plussign="0"/>
      <placement placement="1" priority="5" dist="0" offsetType="0" centroidInside="1" fitInPolygonOnly="0"/>
      <rendering scaleVisibility="1" scaleMin="1" scaleMax="10000" obstacle="1" displayAll="0" upsidedownLabels="0" limitNumLabels="0" fontLimitPixelSize="0"/>
    </settings>
  </labeling>
  <layerGeometryType>2</layerGeometryType>
</qgis>
